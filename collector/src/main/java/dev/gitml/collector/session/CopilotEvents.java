package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * GitHub Copilot CLI's session log ({@code ~/.copilot/session-state/<session id>/events.jsonl}),
 * one event a line:
 *
 * <pre>
 * {type, data, id, timestamp, parentId}
 *   session.start          data.sessionId, startTime, copilotVersion, context {cwd, gitRoot, branch}
 *   session.model_change   data.newModel
 *   user.message           data.content: the prompt as typed (transformedContent adds reminders)
 *   assistant.message      data.content, toolRequests [{toolCallId, name, arguments}], model,
 *                          outputTokens, reasoningText
 *   tool.execution_start   data.toolCallId, toolName, arguments
 *   tool.execution_complete data.toolCallId, success, result {content} | error
 *   session.shutdown       data.codeChanges.filesModified
 *   …turn_start/turn_end, hook.*, permission.*, session.info/error, abort: not part of a chat
 * </pre>
 *
 * <p>A chat is a {@code user.message} and everything until the next. Files modified are the {@code
 * path} of the edit tools ({@code create}, {@code edit}, {@code str_replace_editor}'s writes,
 * {@code apply_patch}'s patch) whose completion has {@code success: true}, and those {@code
 * session.shutdown} lists. A turn of tool calls only takes the model's reasoning as its answer. An
 * event kind not listed here is counted and passed over. The log is appended to, so a read goes on
 * from the first line of the chat still open, as for Codex; the session id is then the folder's.
 */
final class CopilotEvents implements TranscriptReader {
  static final String ASSISTANT = "copilot";

  /** The session log's name inside its session-state folder. */
  static final String FILE_NAME = "events.jsonl";

  /** Copilot CLI's file-writing tools. */
  private static final Set<String> EDITS =
      Set.of("create", "edit", "write", "str_replace", "insert", "apply_patch");

  /** {@code str_replace_editor}'s commands that write. */
  private static final Set<String> EDITOR_WRITES = Set.of("create", "str_replace", "insert");

  private static final Set<String> KNOWN =
      Set.of(
          "session.start",
          "session.resume",
          "session.model_change",
          "session.info",
          "session.error",
          "session.warning",
          "session.shutdown",
          "session.compaction_start",
          "session.compaction_complete",
          "session.truncation",
          "system.message",
          "user.message",
          "assistant.turn_start",
          "assistant.turn_end",
          "assistant.message",
          "assistant.reasoning",
          "assistant.usage",
          "tool.execution_start",
          "tool.execution_partial_result",
          "tool.execution_complete",
          "tool.user_requested",
          "hook.start",
          "hook.end",
          "permission.requested",
          "permission.completed",
          "abort");

  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  @Override
  public String assistant() {
    return ASSISTANT;
  }

  /** Whether a file's first line is a Copilot CLI event ({@code {type: "a.b", data: {…}}}). */
  static boolean recognizes(JsonNode first) {
    return first != null
        && first.isObject()
        && first.path("data").isObject()
        && first.path("type").asText("").startsWith("session.")
        && first.has("timestamp");
  }

  @Override
  public Reading read(Path file, long offset, PathScope scope, boolean finish, Sink sink)
      throws IOException {
    Path dir = file.getParent();
    String folder = dir == null || dir.getFileName() == null ? "" : dir.getFileName().toString();
    Pass pass = new Pass(scope, offset, sink, UUID.matcher(folder).matches() ? folder : null);
    if (offset > 0 && dir != null) {
      pass.workspace(dir.resolve("workspace.yaml")); // session.start is behind the offset
    }
    JsonLines.Read read = JsonLines.read(file, offset, pass::line);
    pass.end = read.end(); // a half-written last line waits
    pass.garbage += read.garbage();
    return pass.result(finish);
  }

  /** One read: the events in order, and the chat they belong to. */
  private static final class Pass {
    private PathScope scope;
    private final Emitted emitted;
    private final String namedSession;
    private final Map<String, ObjectNode> calls = new HashMap<>();
    private ChatAccumulator open;
    private final StringBuilder reasoning = new StringBuilder();
    private long openAt = -1;
    private long end;
    private int garbage;
    private String sessionId;
    private String started;
    private String ended;
    private String cwd;
    private String branch;
    private String model;

    Pass(PathScope scope, long offset, Sink sink, String namedSession) {
      this.scope = scope;
      this.end = offset;
      this.emitted = new Emitted(sink);
      this.namedSession = namedSession;
    }

    void line(JsonNode line, long at) throws IOException {
      if (!line.path("data").isObject()) {
        garbage++;
        return;
      }
      String ts = line.path("timestamp").asText(null);
      if (ts != null) {
        started = started == null ? ts : started;
        ended = ts;
      }
      JsonNode data = line.path("data");
      String type = line.path("type").asText("");
      switch (type) {
        case "session.start", "session.resume" -> meta(data);
        case "session.model_change" -> model(data.path("newModel").asText(""), ts);
        case "user.message" -> prompt(data.path("content").asText(""), ts, at);
        case "assistant.message" -> answer(data, ts);
        case "tool.execution_start" -> started(data, ts);
        case "tool.execution_complete" -> completed(data, ts);
        case "session.shutdown" -> {
          for (JsonNode f : data.path("codeChanges").path("filesModified")) {
            if (open != null) {
              open.modified(f.asText(""));
            }
          }
        }
        default -> {
          if (!KNOWN.contains(type)) {
            garbage++; // a kind this version does not know: counted, passed over
          }
        }
      }
    }

    /**
     * The session folder's {@code workspace.yaml} ({@code key: value} lines: id, cwd, branch, …),
     * for a read that starts past {@code session.start}.
     */
    void workspace(Path yaml) {
      Map<String, String> w = CopilotSessions.workspace(yaml);
      if (w.isEmpty()) {
        return; // paths stay as the log wrote them
      }
      ObjectNode context = JsonNodeFactory.instance.objectNode();
      ObjectNode d = JsonNodeFactory.instance.objectNode();
      if (w.containsKey("id")) {
        d.put("sessionId", w.get("id"));
      }
      if (w.containsKey("cwd")) {
        context.put("cwd", w.get("cwd"));
      }
      if (w.containsKey("branch")) {
        context.put("branch", w.get("branch"));
      }
      d.set("context", context);
      meta(d);
    }

    private void meta(JsonNode d) {
      if (sessionId == null && d.path("sessionId").isTextual()) {
        sessionId = d.path("sessionId").textValue();
      }
      if (d.path("startTime").isTextual() && started == null) {
        started = d.path("startTime").textValue();
      }
      JsonNode context = d.path("context");
      String dir = context.path("cwd").asText("");
      if (!dir.isBlank() && cwd == null) {
        cwd = dir;
        scope = scope.withCwd(dir);
      }
      String b = context.path("branch").asText("");
      if (!b.isBlank()) {
        branch = b;
      }
    }

    private void model(String m, String ts) {
      if (!m.isBlank()) {
        model = m;
        if (open != null) {
          open.assistantMessage(JsonNodeFactory.instance.objectNode().put("model", m), ts);
        }
      }
    }

    private void prompt(String text, String ts, long at) throws IOException {
      if (text.isBlank()) {
        return;
      }
      close();
      String session = session();
      open =
          new ChatAccumulator(
              "copilot-" + session + "-" + at, session, text, ts, ASSISTANT, null, null, scope);
      openAt = at;
      if (model != null) {
        open.assistantMessage(JsonNodeFactory.instance.objectNode().put("model", model), ts);
      }
    }

    private void answer(JsonNode d, String ts) {
      if (open == null) {
        return;
      }
      ObjectNode message = JsonNodeFactory.instance.objectNode();
      String id = d.path("messageId").asText("");
      message.put("id", id);
      if (d.path("model").isTextual()) {
        message.put("model", d.path("model").textValue());
      }
      if (d.path("outputTokens").isNumber() && !id.isEmpty()) {
        ObjectNode usage = message.putObject("usage");
        usage.put("input_tokens", d.path("inputTokens").asLong());
        usage.put("output_tokens", d.path("outputTokens").asLong());
      }
      ArrayNode content = message.putArray("content");
      String text = d.path("content").asText("");
      if (!text.isBlank()) {
        content.addObject().put("type", "text").put("text", text);
      }
      String thought = d.path("reasoningText").asText("").strip();
      if (!thought.isEmpty() && reasoning.length() < ChatAccumulator.MAX_RESPONSE) {
        reasoning.append(reasoning.length() > 0 ? "\n\n" : "").append(thought);
      }
      for (JsonNode r : d.path("toolRequests")) {
        content.add(use(r.path("toolCallId").asText(""), r.path("name"), r.path("arguments")));
      }
      open.assistantMessage(message, ts);
    }

    /** A tool started that no assistant message asked for (or that this read did not see). */
    private void started(JsonNode d, String ts) {
      String id = d.path("toolCallId").asText("");
      if (open == null || calls.containsKey(id)) {
        return;
      }
      ObjectNode message = JsonNodeFactory.instance.objectNode();
      message.putArray("content").add(use(id, d.path("toolName"), d.path("arguments")));
      open.assistantMessage(message, ts);
    }

    private ObjectNode use(String id, JsonNode name, JsonNode arguments) {
      ObjectNode use = JsonNodeFactory.instance.objectNode();
      use.put("type", "tool_use");
      use.put("id", id);
      use.put("name", name.asText(""));
      use.set("input", arguments.isObject() ? arguments : use.objectNode());
      calls.put(id, use);
      return use;
    }

    private void completed(JsonNode d, String ts) throws IOException {
      String id = d.path("toolCallId").asText("");
      ObjectNode use = calls.get(id);
      if (open == null || use == null) {
        return;
      }
      boolean success = d.path("success").asBoolean(false);
      String output =
          d.path("result").path("content").isTextual()
              ? d.path("result").path("content").textValue()
              : d.path("error").path("message").asText(d.path("error").asText(""));
      ObjectNode block = JsonNodeFactory.instance.objectNode();
      block.put("tool_use_id", id);
      block.put("is_error", !success);
      block.put("content", output);
      open.toolResult(block, null, ts);
      if (success) {
        modified(use.path("name").asText(""), use.path("input"));
      }
      emitted.completed(open);
    }

    private void modified(String tool, JsonNode input) {
      String path = input.path("path").asText(input.path("file_path").asText(""));
      if (tool.equals("apply_patch")) {
        CodexRollout.patchedFiles(tool, input).forEach(open::modified);
      } else if (tool.equals("str_replace_editor")) {
        if (EDITOR_WRITES.contains(input.path("command").asText(""))) {
          open.modified(path);
        }
      } else if (EDITS.contains(tool)) {
        open.modified(path);
      }
    }

    private String session() {
      return sessionId != null ? sessionId : namedSession;
    }

    private void close() throws IOException {
      if (open == null) {
        return;
      }
      open.answerIfSilent(reasoning);
      emitted.chat(open);
      open = null;
      openAt = -1;
      reasoning.setLength(0);
      calls.clear();
    }

    Reading result(boolean finish) throws IOException {
      long next = open != null ? openAt : end;
      if (open != null && finish) {
        close();
      }
      return new Reading(
          emitted.chats(),
          emitted.actions(),
          next,
          garbage,
          new SessionFacts(session(), started, ended, cwd, branch, List.of(), Map.of()));
    }
  }
}
