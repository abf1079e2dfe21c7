package dev.gitml.collector.export;

import java.util.Map;
import java.util.Set;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The fixed Parquet schema of each task (docs/formats.md, Parquet): the same fields as the JSONL
 * example, typed. {@code timestamp} is a UTC timestamp in milliseconds, lists are Parquet lists,
 * nested objects are structs; JSON values that have no fixed shape (tool arguments, parameter
 * shapes) are JSON text. Every column is optional but {@code type}: a reader sees null, never a
 * made-up value. {@code repo} names the repository of a multi-repository export (null otherwise).
 */
final class ParquetSchemas {
  private static final String STRINGS =
      "group %s (LIST) { repeated group list { optional binary element (STRING); } }";

  /** chat, commit-message, file-prediction: {@code {type, timestamp, input, output, context}}. */
  static final MessageType EXAMPLE =
      MessageTypeParser.parseMessageType(
          "message example {\n"
              + "  required binary type (STRING);\n"
              + "  optional int64 timestamp (TIMESTAMP(MILLIS,true));\n"
              + "  optional binary input (STRING);\n"
              + "  optional binary output (STRING);\n"
              + "  optional group context {\n"
              + ("    optional " + STRINGS.formatted("files") + "\n")
              + ("    optional " + STRINGS.formatted("tools_used") + "\n")
              + "    optional boolean reverted;\n"
              + "    optional binary ci_result (STRING);\n"
              + "  }\n"
              + "  optional binary repo (STRING);\n"
              + "}");

  /**
   * trajectory: the tool-calling chat form ({@code messages} with {@code tool_calls}, {@code
   * tools}) and its {@code metadata}.
   */
  static final MessageType TRAJECTORY =
      MessageTypeParser.parseMessageType(
          "message trajectory {\n"
              + "  optional group messages (LIST) { repeated group list { optional group element {\n"
              + "    optional binary role (STRING);\n"
              + "    optional binary content (STRING);\n"
              + "    optional group tool_calls (LIST) { repeated group list {"
              + " optional group element {\n"
              + "      optional binary id (STRING);\n"
              + "      optional binary type (STRING);\n"
              + "      optional group function {\n"
              + "        optional binary name (STRING);\n"
              + "        optional binary arguments (STRING);\n"
              + "      }\n"
              + "    } } }\n"
              + "    optional binary tool_call_id (STRING);\n"
              + "  } } }\n"
              + "  optional group tools (LIST) { repeated group list { optional group element {\n"
              + "    optional binary type (STRING);\n"
              + "    optional group function {\n"
              + "      optional binary name (STRING);\n"
              + "      optional binary parameters (STRING);\n"
              + "    }\n"
              + "  } } }\n"
              + "  optional group metadata {\n"
              + "    optional binary assistant (STRING);\n"
              + "    optional binary model (STRING);\n"
              + "    optional binary session_id (STRING);\n"
              + "    optional binary chat_id (STRING);\n"
              + "    optional binary timestamp (STRING);\n"
              + "    optional binary repo (STRING);\n"
              + "    optional group commits (LIST) { repeated group list { optional group element {\n"
              + "      optional binary hash (STRING);\n"
              + "      optional binary timestamp (STRING);\n"
              + "      optional binary message (STRING);\n"
              + "      optional binary diff (STRING);\n"
              + "    } } }\n"
              + "    optional group outcome {\n"
              + "      optional boolean committed;\n"
              + "      optional boolean reverted;\n"
              + "      optional boolean ci_passed;\n"
              + "      optional int32 rating;\n"
              + "    }\n"
              + "    optional group subagents (LIST) { repeated group list {"
              + " optional group element {\n"
              + "      optional binary agent_id (STRING);\n"
              + "      optional binary tool_call_id (STRING);\n"
              + "      optional group chat_ids (LIST) { repeated group list {"
              + " optional binary element (STRING); } }\n"
              + "    } } }\n"
              + "    optional int32 dropped_calls;\n"
              + "    optional boolean rebuilt;\n"
              + "  }\n"
              + "  optional binary repo (STRING);\n"
              + "}");

  private static final Map<String, MessageType> BY_TASK =
      Map.of(
          "chat", EXAMPLE,
          "commit-message", EXAMPLE,
          "file-prediction", EXAMPLE,
          "trajectory", TRAJECTORY);

  /**
   * Columns of long free text, each value mostly distinct, written without a dictionary or
   * statistics ({@link dev.gitml.collector.parquet.RowWriteSupport}): prompts, answers, diffs, tool
   * arguments.
   */
  private static final Map<MessageType, Set<String>> FREE_TEXT =
      Map.of(
          EXAMPLE,
          Set.of("input", "output"),
          TRAJECTORY,
          Set.of(
              "messages.list.element.content",
              "messages.list.element.tool_calls.list.element.function.arguments",
              "metadata.commits.list.element.message",
              "metadata.commits.list.element.diff"));

  private ParquetSchemas() {}

  /** The dotted paths of {@code schema}'s columns written without a dictionary or statistics. */
  static Set<String> freeTextColumns(MessageType schema) {
    return FREE_TEXT.getOrDefault(schema, Set.of());
  }

  /** The schema of a task, by its id ({@code chat}, {@code trajectory}, …). */
  static MessageType of(String task) {
    MessageType t = BY_TASK.get(task);
    if (t == null) {
      throw new IllegalArgumentException("no Parquet schema for task " + task);
    }
    return t;
  }
}
