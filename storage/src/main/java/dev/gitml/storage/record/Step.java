package dev.gitml.storage.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One thing an assistant did inside a chat, in the order it did it: said something ({@link
 * Kind#TEXT}), called a tool ({@link Kind#TOOL_CALL}, with its bounded, redacted {@code
 * arguments}), got the tool's result ({@link Kind#TOOL_RESULT}, bounded {@code output} and {@code
 * success}), or handed work to a subagent ({@link Kind#SUBAGENT}, whose own chats carry {@code
 * agent_id}). A call and its result share {@code call_id}. Only the fields of its kind are set.
 * {@code chars} is set only as stored: a text step whose text is in its chat's response gives its
 * length instead ({@link StepTexts}); a {@link Chat} read holds the text again.
 */
public record Step(
    Kind kind,
    String timestamp,
    String text,
    String tool,
    String callId,
    JsonNode arguments,
    String output,
    Boolean success,
    String agentId,
    Integer chars) {

  /** What a step is; its wire name is the value of {@code kind} on disk. */
  public enum Kind implements WireName {
    TEXT("text"),
    TOOL_CALL("tool_call"),
    TOOL_RESULT("tool_result"),
    SUBAGENT("subagent");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
      return wireName;
    }

    @JsonCreator
    public static Kind fromWireName(String name) {
      return WireName.parse(Kind.class, name, "step kind");
    }
  }

  public Step {
    if (kind == null) {
      throw new IllegalArgumentException("a step needs a kind");
    }
  }

  /** The assistant said {@code text}. */
  public static Step text(String text, String timestamp) {
    return new Step(Kind.TEXT, timestamp, text, null, null, null, null, null, null, null);
  }

  /** The assistant called {@code tool} with {@code arguments}. */
  public static Step call(String tool, String callId, JsonNode arguments, String timestamp) {
    return new Step(
        Kind.TOOL_CALL, timestamp, null, tool, callId, arguments, null, null, null, null);
  }

  /** The result of the call {@code callId}. */
  public static Step result(
      String tool, String callId, String output, boolean success, String timestamp) {
    return new Step(
        Kind.TOOL_RESULT, timestamp, null, tool, callId, null, output, success, null, null);
  }

  /** A subagent ran (its chats carry {@code agentId}); {@code text} says what it was asked. */
  public static Step subagent(String agentId, String tool, String callId, String text, String ts) {
    return new Step(Kind.SUBAGENT, ts, text, tool, callId, null, null, null, agentId, null);
  }
}
