package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One OpenCode session's messages into chats, the same whether they come from the JSON storage tree
 * ({@link OpenCodeStorage}) or the SQLite database ({@link OpenCodeDatabase}). A message is its
 * info ({@code role}, {@code time}, {@code modelID}, {@code tokens}, {@code error}, {@code
 * summary}) and its parts in id order:
 *
 * <pre>
 * text         the prompt (user) or an answer (assistant); {@code synthetic} ones are injected
 * tool         {callID, tool, state: {status, input, output | error, metadata}}: call and result
 * step-start   a model call begins;  step-finish: its {tokens, cost}
 * patch        {hash, files}: the files the step changed (from OpenCode's snapshot)
 * reasoning    the model's thinking;  compaction: a user message asking for a summary
 * file, agent, subtask, snapshot, retry: passed over
 * </pre>
 *
 * <p>A chat is a user message with typed text and the assistant messages until the next one. An
 * assistant message marked {@code summary} is a compaction summary, not an answer. A chat whose
 * answers hold no text takes the reasoning, or else the request's error, as its response. Files
 * modified are the {@code filePath} of {@code edit}, {@code write} and {@code multiedit} calls that
 * completed, the files an {@code apply_patch} / {@code patch} body names, and those of {@code
 * patch} parts. A part of an unknown type is counted (as garbage) and skipped.
 */
final class OpenCodeChats {
  static final String ASSISTANT = "opencode";

  /** Tools that write a file named by {@code filePath} (opencode {@code src/tool/}). */
  private static final Set<String> EDITS = Set.of("edit", "write", "multiedit");

  /** Tools that apply a patch body ({@code *** Begin Patch}), whose files it names. */
  private static final Set<String> PATCHES = Set.of("patch", "apply_patch");

  private static final Set<String> READS = Set.of("read", "view");

  private static final Set<String> KNOWN_PARTS =
      Set.of(
          "text",
          "tool",
          "step-start",
          "step-finish",
          "patch",
          "reasoning",
          "compaction",
          "file",
          "agent",
          "subtask",
          "snapshot",
          "retry");

  private final PathScope scope;
  private final Emitted emitted;
  private final String sessionId;
  private final boolean subagent;
  private final Map<String, TranscriptReader.Agent> agents = new LinkedHashMap<>();
  private ChatAccumulator open;
  private final StringBuilder fallback = new StringBuilder();
  private int garbage;
  private String started;
  private String ended;

  /**
   * @param session the session's info: {@code id}, {@code directory}, {@code parentID} (set on a
   *     subagent's session), {@code time.created} and {@code time.updated}
   */
  OpenCodeChats(JsonNode session, PathScope scope, TranscriptReader.Sink sink) {
    this.sessionId = session.path("id").asText(null);
    this.scope = scope.withCwd(session.path("directory").asText(null));
    this.emitted = new Emitted(sink);
    this.subagent = !session.path("parentID").asText("").isEmpty();
    this.started = time(session.path("time").path("created"));
    this.ended = time(session.path("time").path("updated"));
  }

  /** Something that could not be read (a file refused or not JSON): counted as garbage. */
  void garbage() {
    garbage++;
  }

  /** One message and its parts, in order. */
  void message(JsonNode info, List<JsonNode> parts) throws IOException {
    String ts = time(info.path("time").path("created"));
    if (ts != null) {
      started = started == null || ts.compareTo(started) < 0 ? ts : started;
      ended = ended == null || ts.compareTo(ended) > 0 ? ts : ended;
    }
    switch (info.path("role").asText("")) {
      case "user" -> prompt(info, parts, ts);
      case "assistant" -> answer(info, parts, ts);
      default -> garbage++;
    }
  }

  private void prompt(JsonNode info, List<JsonNode> parts, String ts) throws IOException {
    StringBuilder text = new StringBuilder();
    for (JsonNode p : parts) {
      String type = p.path("type").asText("");
      if (type.equals("compaction")) {
        return; // OpenCode asks for a summary: not the user's prompt
      }
      if (!KNOWN_PARTS.contains(type)) {
        garbage++;
      } else if (type.equals("text")
          && !p.path("synthetic").asBoolean(false)
          && !p.path("ignored").asBoolean(false)) {
        String t = p.path("text").asText("").strip();
        if (!t.isEmpty()) {
          text.append(text.length() > 0 ? "\n\n" : "").append(t);
        }
      }
    }
    if (text.length() == 0) {
      return;
    }
    close();
    String id = info.path("id").asText("");
    open =
        new ChatAccumulator(
            "opencode-" + sessionId + "-" + id,
            sessionId,
            text.toString(),
            ts,
            ASSISTANT,
            subagent ? sessionId : null,
            subagent ? info.path("agent").asText(info.path("mode").asText(null)) : null,
            scope);
  }

  private void answer(JsonNode info, List<JsonNode> parts, String ts) throws IOException {
    if (info.path("summary").asBoolean(false)) {
      StringBuilder summary = new StringBuilder();
      parts.stream()
          .filter(p -> p.path("type").asText("").equals("text"))
          .forEach(p -> summary.append(p.path("text").asText("")));
      emitted.compaction(summary.toString());
      return;
    }
    if (open == null) {
      return;
    }
    ObjectNode message = JsonNodeFactory.instance.objectNode();
    message.put("id", info.path("id").asText(""));
    String model = info.path("modelID").asText(info.path("model").path("modelID").asText(""));
    if (!model.isEmpty()) {
      message.put("model", model);
    }
    usage(info, parts, message);
    ArrayNode content = message.putArray("content");
    for (JsonNode p : parts) {
      switch (p.path("type").asText("")) {
        case "text" -> {
          String t = p.path("text").asText("");
          if (!t.isBlank() && !p.path("synthetic").asBoolean(false)) {
            content.addObject().put("type", "text").put("text", t);
          }
        }
        case "tool" -> {
          ObjectNode use = content.addObject();
          use.put("type", "tool_use");
          use.put("id", callId(p));
          use.put("name", p.path("tool").asText(""));
          JsonNode input = p.path("state").path("input");
          use.set("input", input.isObject() ? input : use.objectNode());
        }
        case "reasoning" -> keep(p.path("text").asText(""));
        case "patch" -> p.path("files").forEach(f -> open.modified(f.asText(null)));
        default -> {
          if (!KNOWN_PARTS.contains(p.path("type").asText(""))) {
            garbage++;
          }
        }
      }
    }
    String error = info.path("error").path("data").path("message").asText("");
    if (!error.isBlank()) {
      keep(info.path("error").path("name").asText("Error") + ": " + error);
    }
    open.assistantMessage(message, ts);
    for (JsonNode p : parts) {
      if (p.path("type").asText("").equals("tool")) {
        result(p, ts);
      }
    }
    emitted.completed(open);
  }

  /** Tokens of the message's model calls: its step-finish parts, else the message's own count. */
  private static void usage(JsonNode info, List<JsonNode> parts, ObjectNode message) {
    long[] sum = new long[3];
    boolean steps = false;
    for (JsonNode p : parts) {
      if (p.path("type").asText("").equals("step-finish") && p.path("tokens").isObject()) {
        add(p.path("tokens"), sum);
        steps = true;
      }
    }
    if (!steps && info.path("tokens").isObject()) {
      add(info.path("tokens"), sum);
      steps = true;
    }
    if (steps) {
      ObjectNode usage = message.putObject("usage");
      usage.put("input_tokens", sum[0]);
      usage.put("cache_creation_input_tokens", sum[1]);
      usage.put("output_tokens", sum[2]);
    }
  }

  private static void add(JsonNode tokens, long[] sum) {
    sum[0] += tokens.path("input").asLong();
    sum[1] += tokens.path("cache").path("write").asLong();
    sum[2] += tokens.path("output").asLong() + tokens.path("reasoning").asLong();
  }

  /** A tool part's result, in the same part as its call; an edit that completed names its file. */
  private void result(JsonNode p, String ts) {
    JsonNode state = p.path("state");
    String status = state.path("status").asText("");
    String tool = p.path("tool").asText("");
    JsonNode input = state.path("input");
    if (READS.contains(tool)) {
      open.referenced(input.path("filePath").asText(null));
    }
    if (!status.equals("completed") && !status.equals("error")) {
      return; // pending or running: the action is given without a result when the chat ends
    }
    boolean success = status.equals("completed");
    ObjectNode block = JsonNodeFactory.instance.objectNode();
    block.put("tool_use_id", callId(p));
    block.put("is_error", !success);
    block.put(
        "content", success ? state.path("output").asText("") : state.path("error").asText(""));
    JsonNode child = null;
    String childSession = state.path("metadata").path("sessionId").asText("");
    if (tool.equals("task") && !childSession.isEmpty()) {
      child = JsonNodeFactory.instance.objectNode().put("agentId", childSession);
    }
    TranscriptReader.Agent agent =
        open.toolResult(block, child, time(state.path("time").path("end"), ts));
    if (agent != null) {
      agents.put(
          agent.id(),
          new TranscriptReader.Agent(
              agent.id(),
              input.path("subagent_type").asText(null),
              input.path("description").asText(null),
              agent.parentChatId()));
    }
    if (!success) {
      return;
    }
    if (EDITS.contains(tool)) {
      for (String field : new String[] {"filePath", "file_path", "path"}) {
        if (input.path(field).isTextual()) {
          open.modified(input.path(field).textValue());
          break;
        }
      }
    } else if (PATCHES.contains(tool)) {
      CodexRollout.patchedFiles("apply_patch", input).forEach(open::modified);
      state.path("metadata").path("files").forEach(f -> open.modified(fileOf(f)));
    }
  }

  private static String fileOf(JsonNode f) {
    return f.isTextual() ? f.textValue() : f.path("filePath").asText(null);
  }

  private static String callId(JsonNode part) {
    String call = part.path("callID").asText("");
    return call.isEmpty() ? part.path("id").asText("") : call;
  }

  /** Text kept for a chat whose answers have none of their own: reasoning, then errors. */
  private void keep(String text) {
    String t = text.strip();
    if (!t.isEmpty() && fallback.length() < ChatAccumulator.MAX_RESPONSE) {
      fallback.append(fallback.length() > 0 ? "\n\n" : "").append(t);
    }
  }

  private void close() throws IOException {
    if (open == null) {
      return;
    }
    open.answerIfSilent(fallback);
    fallback.setLength(0);
    emitted.chat(open);
    open = null;
  }

  /** What the read found; the last chat is given only when {@code finish}. */
  TranscriptReader.Reading result(boolean finish) throws IOException {
    if (finish) {
      close();
    }
    return new TranscriptReader.Reading(
        emitted.chats(),
        emitted.actions(),
        0,
        garbage,
        new TranscriptReader.SessionFacts(
            sessionId,
            started,
            ended,
            scope.cwd() == null ? null : scope.cwd().toString(),
            null,
            emitted.compactions(),
            Collections.unmodifiableMap(new LinkedHashMap<>(agents))));
  }

  /** An OpenCode time (milliseconds since the epoch) as ISO-8601, or null. */
  static String time(JsonNode millis) {
    return millis.isNumber() ? Instant.ofEpochMilli(millis.asLong()).toString() : null;
  }

  private static String time(JsonNode millis, String otherwise) {
    String t = time(millis);
    return t == null ? otherwise : t;
  }
}
