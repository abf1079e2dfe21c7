package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Step;
import dev.gitml.storage.record.TextFields;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One chat being put together from transcript lines: the prompt, then every assistant message, tool
 * use and tool result until the next real prompt. Tokens are counted once per message id (Claude
 * Code repeats a message's usage on each of its content blocks).
 */
final class ChatAccumulator {
  /** Longest tool output kept, in characters. */
  static final int MAX_OUTPUT = 2_000;

  /** Longest string kept in a tool's input. */
  static final int MAX_INPUT_STRING = 1_000;

  private static final Set<String> READS = Set.of("Read", "Grep", "Glob", "LS", "NotebookRead");
  private static final Set<String> WRITES = Set.of("Edit", "Write", "MultiEdit", "NotebookEdit");
  private static final int MAX_LISTED_FILES = 100;

  /** Most tool outputs kept for one chat (each at most {@link #MAX_OUTPUT} characters). */
  static final int MAX_OUTPUTS = 500;

  /** Most characters of the assistant's answers kept for one chat. */
  static final int MAX_RESPONSE = 1 << 20;

  /**
   * Most steps kept for one chat: a chat's trajectory past this many texts, calls and results is
   * cut (the counts, tools and files still see every one).
   */
  static final int MAX_STEPS = 2_000;

  private final String id;
  private final String sessionId;
  private final String query;
  private final String started;
  private final String assistant;
  private final String agentId;
  private final String agentType;
  private final PathScope scope;
  private String last;
  private String model;
  private final List<String> texts = new ArrayList<>();
  private int textChars;
  private final Set<String> tools = new LinkedHashSet<>();
  private final Set<String> referenced = new LinkedHashSet<>();
  private final Set<String> modified = new LinkedHashSet<>();
  private final List<JsonNode> outputs = new ArrayList<>();
  private final Map<String, long[]> usage = new LinkedHashMap<>();
  private final Map<String, ToolUse> uses = new LinkedHashMap<>();
  private final List<Action> completed = new ArrayList<>();
  private final List<String> subagents = new ArrayList<>();
  private final List<Step> steps = new ArrayList<>();

  /** A tool call and, once it came, its result. */
  static final class ToolUse {
    final String id;
    final String name;
    JsonNode input;
    final String timestamp;
    Boolean success;
    String resultTimestamp;

    /** Given as an action already (its result came); kept only so a repeat is not a new use. */
    boolean given;

    ToolUse(String id, String name, JsonNode input, String timestamp) {
      this.id = id;
      this.name = name;
      this.input = input;
      this.timestamp = timestamp;
    }
  }

  ChatAccumulator(
      String id,
      String sessionId,
      String query,
      String started,
      String assistant,
      String agentId,
      String agentType,
      PathScope scope) {
    this.id = id;
    this.sessionId = sessionId;
    this.query = query;
    this.started = started;
    this.last = started;
    this.assistant = assistant;
    this.agentId = agentId;
    this.agentType = agentType;
    this.scope = scope;
  }

  String id() {
    return id;
  }

  void seen(String timestamp) {
    if (timestamp != null) {
      last = timestamp;
    }
  }

  /** An assistant message's content blocks (text, tool calls) and usage. */
  void assistantMessage(JsonNode message, String timestamp) {
    seen(timestamp);
    String m = message.path("model").asText("");
    if (!m.isEmpty() && !m.startsWith("<")) {
      model = m;
    }
    JsonNode u = message.path("usage");
    String messageId = message.path("id").asText("");
    if (u.isObject() && !messageId.isEmpty()) {
      usage.put(
          messageId,
          new long[] {
            u.path("input_tokens").asLong() + u.path("cache_creation_input_tokens").asLong(),
            u.path("output_tokens").asLong()
          });
    }
    for (JsonNode block : message.path("content")) {
      switch (block.path("type").asText()) {
        case "text" -> {
          String t = block.path("text").asText("").strip();
          if (!t.isEmpty() && textChars < MAX_RESPONSE) {
            String kept = TextFields.cut(t, MAX_RESPONSE - textChars);
            texts.add(kept);
            textChars += kept.length();
            step(Step.text(kept, timestamp));
          }
        }
        case "tool_use" -> toolUse(block, timestamp);
        default -> {}
      }
    }
  }

  private void toolUse(JsonNode block, String timestamp) {
    String name = block.path("name").asText("");
    if (name.isEmpty()) {
      return;
    }
    tools.add(name);
    JsonNode input = block.path("input");
    String useId = block.path("id").asText("");
    if (useId.isEmpty() || !uses.containsKey(useId)) {
      // bounded now, as stored: a Write's whole content is not held until the chat ends
      JsonNode bounded = boundedTree(input);
      if (!useId.isEmpty()) {
        uses.put(useId, new ToolUse(useId, name, bounded, timestamp));
      }
      step(Step.call(name, useId.isEmpty() ? null : useId, bounded, timestamp));
    }
    String file = firstText(input, "file_path", "notebook_path");
    if (WRITES.contains(name) && file != null) {
      modified.add(scope.relative(file));
    } else if (READS.contains(name)) {
      String target = firstText(input, "file_path", "notebook_path", "path");
      if (target != null) {
        referenced.add(scope.relative(target));
      }
    }
  }

  /** A file an edit changed, named by the reader (an {@code apply_patch} body, say). */
  void modified(String file) {
    if (file != null && !file.isBlank()) {
      modified.add(scope.relative(file));
    }
  }

  /** A file a tool read, named by the reader (a tool whose names are not Claude Code's). */
  void referenced(String file) {
    if (file != null && !file.isBlank() && referenced.size() < MAX_LISTED_FILES) {
      referenced.add(scope.relative(file));
    }
  }

  /**
   * At a chat's end, when the model said nothing (a turn of tool calls only, often cancelled): what
   * it was thinking ({@code thinking}, possibly empty) becomes its answer, cut to {@link
   * #MAX_RESPONSE}.
   */
  void answerIfSilent(CharSequence thinking) {
    if (texts.isEmpty() && thinking.length() > 0) {
      ObjectNode message = JsonNodeFactory.instance.objectNode();
      message
          .putArray("content")
          .addObject()
          .put("type", "text")
          .put("text", TextFields.cut(thinking.toString(), MAX_RESPONSE));
      assistantMessage(message, null);
    }
  }

  /** Whether the assistant has said or done anything in this chat yet. */
  boolean empty() {
    return texts.isEmpty() && uses.isEmpty() && tools.isEmpty();
  }

  /**
   * A tool result, with Claude Code's {@code toolUseResult} beside it: files a search found count
   * as referenced, and a Task result names the subagent it ran, which is returned.
   */
  TranscriptReader.Agent toolResult(JsonNode block, JsonNode toolUseResult, String timestamp) {
    seen(timestamp);
    ToolUse use = uses.get(block.path("tool_use_id").asText(""));
    boolean error = block.path("is_error").asBoolean(false);
    String output = outputText(block.path("content"));
    JsonNode useInput = use == null ? null : use.input;
    if (use != null) {
      if (!use.given) {
        use.success = !error;
        use.resultTimestamp = timestamp;
        completed.add(action(use));
        use.given = true;
        use.input = null; // held by the action given; a chat of many calls holds only their ids
      }
      String kept = TextFields.cut(output, MAX_OUTPUT);
      if (outputs.size() < MAX_OUTPUTS) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("tool", use.name);
        o.put("output", kept);
        o.put("success", !error);
        outputs.add(o);
      }
      step(Step.result(use.name, use.id, kept, !error, timestamp));
    }
    if (toolUseResult != null && toolUseResult.isObject()) {
      JsonNode names = toolUseResult.path("filenames");
      for (int i = 0; i < names.size() && referenced.size() < MAX_LISTED_FILES; i++) {
        referenced.add(scope.relative(names.get(i).asText()));
      }
      String agent = toolUseResult.path("agentId").asText("");
      if (!agent.isEmpty()) {
        if (!subagents.contains(agent)) {
          subagents.add(agent);
        }
        JsonNode input = useInput == null ? JsonNodeFactory.instance.objectNode() : useInput;
        step(
            Step.subagent(
                agent,
                use == null ? null : use.name,
                use == null ? null : use.id,
                input.path("description").asText(null),
                timestamp));
        return new TranscriptReader.Agent(
            agent,
            input.path("subagent_type").asText(null),
            input.path("description").asText(null),
            id);
      }
    }
    return null;
  }

  Chat chat() {
    long queryTokens = 0;
    long responseTokens = 0;
    for (long[] u : usage.values()) {
      queryTokens += u[0];
      responseTokens += u[1];
    }
    return new Chat(
        id,
        started,
        sessionId,
        query,
        String.join("\n\n", texts),
        List.copyOf(referenced),
        List.copyOf(modified),
        List.copyOf(tools),
        outputs,
        usage.isEmpty() ? null : (int) Math.min(Integer.MAX_VALUE, queryTokens),
        usage.isEmpty() ? null : (int) Math.min(Integer.MAX_VALUE, responseTokens),
        seconds(started, last),
        assistant,
        model,
        subagents.isEmpty() ? null : subagents,
        agentId,
        agentType,
        steps);
  }

  private void step(Step s) {
    if (steps.size() < MAX_STEPS) {
      steps.add(s);
    }
  }

  /** The tool uses whose result came since the last call, as actions; each is given once. */
  List<Action> completedActions() {
    if (completed.isEmpty()) {
      return List.of();
    }
    List<Action> out = List.copyOf(completed);
    completed.clear();
    return out;
  }

  /** At the chat's end: the tool uses not given yet (no result came, or not yet taken). */
  List<Action> actions() {
    List<Action> out = new ArrayList<>(completedActions());
    for (ToolUse u : uses.values()) {
      if (!u.given) {
        out.add(action(u));
        u.given = true;
      }
    }
    return out;
  }

  private Action action(ToolUse u) {
    Double seconds = u.resultTimestamp == null ? null : seconds(u.timestamp, u.resultTimestamp);
    return new Action(
        u.id,
        u.timestamp,
        sessionId,
        u.name,
        target(u),
        u.success,
        seconds == null ? null : Math.round(seconds * 1000),
        u.input);
  }

  private String target(ToolUse u) {
    String file =
        firstText(
            u.input,
            "file_path",
            "notebook_path",
            "path",
            "filePath",
            "target_file",
            "absolutePath");
    if (file != null) {
      return scope.relative(file);
    }
    String other =
        firstText(u.input, "command", "pattern", "url", "query", "description", "skill", "prompt");
    return other == null ? null : TextFields.cut(other, 200);
  }

  private static String firstText(JsonNode input, String... names) {
    if (input == null) {
      return null;
    }
    for (String n : names) {
      JsonNode v = input.path(n);
      if (v.isTextual() && !v.textValue().isBlank()) {
        return v.textValue();
      }
    }
    return null;
  }

  static String outputText(JsonNode content) {
    if (content.isTextual()) {
      return content.textValue();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content) {
      if (part.path("type").asText().equals("text")) {
        if (sb.length() > 0) {
          sb.append('\n');
        }
        sb.append(part.path("text").asText(""));
      }
    }
    return sb.toString();
  }

  /** A tool's input with every long string cut to {@link #MAX_INPUT_STRING}. */
  private static JsonNode boundedTree(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return null;
    }
    if (n.isTextual()) {
      return JsonNodeFactory.instance.textNode(TextFields.cut(n.textValue(), MAX_INPUT_STRING));
    }
    if (n.isObject()) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      n.properties().iterator().forEachRemaining(e -> o.set(e.getKey(), boundedTree(e.getValue())));
      return o;
    }
    if (n.isArray()) {
      var a = JsonNodeFactory.instance.arrayNode();
      n.forEach(c -> a.add(boundedTree(c)));
      return a;
    }
    return n;
  }

  static Double seconds(String from, String to) {
    try {
      if (from == null || to == null) {
        return null;
      }
      return Duration.between(Instant.parse(from), Instant.parse(to)).toMillis() / 1000.0;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
