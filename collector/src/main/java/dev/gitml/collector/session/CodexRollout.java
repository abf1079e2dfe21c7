package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.json.Mappers;
import dev.gitml.storage.record.TextFields;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Codex CLI's rollouts ({@code $CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl}). Each
 * line is {@code {timestamp, type, payload}}: {@code session_meta} (id, cwd, git), {@code
 * turn_context} (model), {@code response_item} (what went to and came from the model: messages,
 * {@code function_call} / {@code custom_tool_call} and their {@code *_output} by {@code call_id},
 * {@code local_shell_call}, {@code web_search_call}, encrypted {@code reasoning}), {@code
 * event_msg} (UI events: {@code user_message}, {@code agent_message}, {@code token_count}) and
 * {@code compacted}. The mid-2025 legacy format has no envelope: a bare {@code {id, timestamp,
 * instructions, git}} header, {@code {"record_type":"state"}} markers and bare response items.
 *
 * <p>A prompt is written twice (a user {@code message} and an {@code event_msg user_message}), and
 * so is the answer ({@code message} of role assistant and {@code agent_message}); each is taken
 * once. User messages the CLI writes itself (environment context, user instructions, AGENTS.md,
 * aborted-turn markers) are not prompts. Files modified are those an {@code apply_patch} body names
 * ({@code *** Add File:}, {@code Update File}, {@code Delete File}, {@code Move to}), whether the
 * custom tool or a shell call running {@code apply_patch}; never guessed from other commands.
 */
final class CodexRollout implements TranscriptReader {
  static final String ASSISTANT = "codex";

  private static final ObjectMapper JSON = Mappers.JSON;

  /**
   * Openings of user-role text that Codex injects (codex-rs {@code core/src/} user_instructions,
   * environment_context, turn_aborted).
   */
  private static final String[] INJECTED = {
    "<environment_context>",
    "<user_instructions>",
    "<user_shell_command>",
    "<turn_aborted>",
    "<permissions instructions>",
    "<collaboration_mode>",
    "<skill>",
    "# AGENTS.md instructions for ",
    "<INSTRUCTIONS>"
  };

  private static final Pattern PATCH_FILE =
      Pattern.compile(
          "^\\*\\*\\* (?:Add File|Update File|Delete File|Move to): (.+?)\\s*$", Pattern.MULTILINE);
  private static final Pattern EXIT =
      Pattern.compile("(?:Process exited with code|Exit code:) (-?\\d+)");
  private static final Pattern CWD = Pattern.compile("<cwd>([^<]+)</cwd>");
  private static final Pattern SESSION_IN_NAME =
      Pattern.compile("([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.jsonl$");

  @Override
  public String assistant() {
    return ASSISTANT;
  }

  /**
   * Whether a file's first line is a Codex rollout's (enveloped {@code session_meta}, or the legacy
   * header).
   */
  static boolean recognizes(JsonNode first) {
    if (first == null || !first.isObject()) {
      return false;
    }
    if (first.path("payload").isObject() && first.has("type") && first.has("timestamp")) {
      String type = first.path("type").asText();
      return type.equals("session_meta")
          || type.equals("turn_context")
          || type.equals("response_item");
    }
    return first.path("id").isTextual() && first.has("instructions") && first.has("timestamp")
        || first.has("record_type");
  }

  @Override
  public Reading read(Path file, long offset, PathScope scope, boolean finish, Sink sink)
      throws IOException {
    Matcher m = SESSION_IN_NAME.matcher(file.getFileName().toString());
    Pass pass = new Pass(scope, offset, sink, m.find() ? m.group(1) : null);
    JsonLines.Read read = JsonLines.read(file, offset, pass::line);
    pass.end = read.end(); // a half-written last line waits
    pass.garbage += read.garbage();
    return pass.result(finish);
  }

  /** One read: the lines in order, and the chat they belong to. */
  private static final class Pass {
    private PathScope scope;
    private final Emitted emitted;
    private final String namedSession;
    private ChatAccumulator open;
    private String openPrompt;
    private boolean openAnswered;
    private final List<String> agentMessages = new ArrayList<>();
    private int agentChars;
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
      String ts = text(line, "timestamp");
      if (ts != null) {
        started = started == null ? ts : started;
        ended = ts;
      }
      JsonNode payload = line.get("payload");
      if (payload == null || !payload.isObject()) {
        legacy(line, ts, at);
        return;
      }
      switch (line.path("type").asText("")) {
        case "session_meta" -> meta(payload);
        case "turn_context" -> {
          directory(text(payload, "cwd"));
          model(text(payload, "model"), ts);
        }
        case "response_item" -> item(payload, ts, at);
        case "event_msg" -> event(payload, ts, at);
        case "compacted" -> emitted.compaction(payload.path("message").asText(""));
        default -> {} // an unknown kind is passed over
      }
    }

    /** A legacy line: the bare header, a state marker, or a bare response item. */
    private void legacy(JsonNode line, String ts, long at) throws IOException {
      if (line.has("record_type")) {
        return;
      }
      if (line.has("instructions") && line.path("id").isTextual()) {
        meta(line);
        return;
      }
      if (line.path("type").isTextual()) {
        item(line, ts, at);
      }
    }

    private void meta(JsonNode p) {
      if (sessionId == null) { // a resumed session's file names the earlier session second
        sessionId = text(p, "id");
        directory(text(p, "cwd"));
        String b = text(p.path("git"), "branch");
        if (b != null && !b.isEmpty()) {
          branch = b;
        }
      }
    }

    private void directory(String dir) {
      if (dir != null && !dir.isBlank() && cwd == null) {
        cwd = dir;
        scope = scope.withCwd(dir);
      }
    }

    private void model(String m, String ts) {
      if (m != null && !m.isBlank()) {
        model = m;
        if (open != null) {
          open.assistantMessage(JsonNodeFactory.instance.objectNode().put("model", m), ts);
        }
      }
    }

    private void item(JsonNode p, String ts, long at) throws IOException {
      switch (p.path("type").asText("")) {
        case "message" -> message(p, ts, at);
        case "function_call" -> call(p, p.path("name").asText(""), arguments(p), ts, at);
        case "custom_tool_call" -> {
          ObjectNode input = JsonNodeFactory.instance.objectNode();
          input.put("input", p.path("input").asText(""));
          call(p, p.path("name").asText(""), input, ts, at);
        }
        case "local_shell_call" -> call(p, "local_shell", p.path("action"), ts, at);
        case "web_search_call" -> call(p, "web_search", p.path("action"), ts, at);
        case "function_call_output", "custom_tool_call_output" -> output(p, ts);
        default -> {} // reasoning (encrypted), ghost snapshots, unknown kinds
      }
    }

    private void message(JsonNode p, String ts, long at) throws IOException {
      String role = p.path("role").asText("");
      String text = ChatAccumulator.outputText(parts(p.path("content")));
      if (role.equals("user")) {
        prompt(text, ts, at);
      } else if (role.equals("assistant") && open != null && !text.isBlank()) {
        openAnswered = true;
        open.assistantMessage(
            claudeMessage(JsonNodeFactory.instance.arrayNode().add(textBlock(text))), ts);
      }
    }

    private void event(JsonNode p, String ts, long at) throws IOException {
      switch (p.path("type").asText("")) {
        case "user_message" -> prompt(p.path("message").asText(""), ts, at);
        case "agent_message" -> {
          String t = p.path("message").asText("").strip();
          if (open != null && !t.isEmpty() && agentChars < ChatAccumulator.MAX_RESPONSE) {
            String kept = TextFields.cut(t, ChatAccumulator.MAX_RESPONSE - agentChars);
            agentMessages.add(kept);
            agentChars += kept.length();
            open.seen(ts);
          }
        }
        case "token_count" -> tokens(p.path("info"), ts);
        default -> {}
      }
    }

    /**
     * A user message: a new chat if it is the user's and not the other copy of the prompt just
     * opened (the same text, nothing answered in between).
     */
    private void prompt(String text, String ts, long at) throws IOException {
      String t = text.strip();
      if (t.isEmpty()) {
        return;
      }
      for (String prefix : INJECTED) {
        if (t.startsWith(prefix)) {
          if (cwd == null) {
            Matcher m = CWD.matcher(t);
            if (m.find()) {
              directory(m.group(1).strip());
            }
          }
          return;
        }
      }
      if (open != null && open.empty() && t.equals(openPrompt)) {
        return;
      }
      close();
      String session = sessionId != null ? sessionId : namedSession;
      open =
          new ChatAccumulator(
              "codex-" + session + "-" + at, session, text, ts, ASSISTANT, null, null, scope);
      openPrompt = t;
      openAt = at;
      if (model != null) {
        open.assistantMessage(JsonNodeFactory.instance.objectNode().put("model", model), ts);
      }
    }

    private void call(JsonNode p, String name, JsonNode input, String ts, long at) {
      if (open == null || name.isEmpty()) {
        return;
      }
      String id = p.path("call_id").asText(p.path("id").asText(""));
      ObjectNode use = JsonNodeFactory.instance.objectNode();
      use.put("type", "tool_use");
      use.put("id", id.isEmpty() ? "line-" + at : id);
      use.put("name", name);
      use.set(
          "input",
          input == null || input.isMissingNode() ? JsonNodeFactory.instance.objectNode() : input);
      open.assistantMessage(claudeMessage(JsonNodeFactory.instance.arrayNode().add(use)), ts);
      for (String f : patchedFiles(name, input)) {
        open.modified(f);
      }
    }

    private void output(JsonNode p, String ts) throws IOException {
      if (open == null) {
        return;
      }
      JsonNode out = p.path("output");
      String text;
      Boolean success = null;
      if (out.isObject()) {
        text = ChatAccumulator.outputText(parts(out.path("content")));
        if (out.path("success").isBoolean()) {
          success = out.path("success").booleanValue();
        }
      } else {
        text = out.asText("");
        JsonNode inner = text.startsWith("{") ? parse(text) : null;
        if (inner != null && inner.path("output").isTextual()) {
          text = inner.path("output").textValue();
          if (inner.path("metadata").path("exit_code").isNumber()) {
            success = inner.path("metadata").path("exit_code").asInt() == 0;
          }
        }
      }
      if (success == null) {
        Matcher m = EXIT.matcher(text.length() > 400 ? text.substring(0, 400) : text);
        success = !m.find() || m.group(1).equals("0");
      }
      ObjectNode block = JsonNodeFactory.instance.objectNode();
      block.put("tool_use_id", p.path("call_id").asText(""));
      block.put("is_error", !success);
      block.put("content", text);
      open.toolResult(block, null, ts);
      emitted.completed(open);
    }

    /** The turn's token use (Codex repeats a count; keyed by the running total, it counts once). */
    private void tokens(JsonNode info, String ts) {
      JsonNode last = info.path("last_token_usage");
      if (open == null || !last.isObject()) {
        return;
      }
      ObjectNode usage = JsonNodeFactory.instance.objectNode();
      usage.put("input_tokens", last.path("input_tokens").asLong());
      usage.put(
          "output_tokens",
          last.path("output_tokens").asLong() + last.path("reasoning_output_tokens").asLong());
      ObjectNode message = JsonNodeFactory.instance.objectNode();
      message.put("id", "tokens-" + info.path("total_token_usage").path("total_tokens").asLong());
      message.set("usage", usage);
      open.assistantMessage(message, ts);
    }

    private void close() throws IOException {
      if (open == null) {
        return;
      }
      if (!openAnswered && !agentMessages.isEmpty()) {
        ArrayNode blocks = JsonNodeFactory.instance.arrayNode();
        agentMessages.forEach(t -> blocks.add(textBlock(t)));
        open.assistantMessage(claudeMessage(blocks), null);
      }
      emitted.chat(open);
      open = null;
      openAt = -1;
      openPrompt = null;
      openAnswered = false;
      agentMessages.clear();
      agentChars = 0;
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
          new SessionFacts(
              sessionId != null ? sessionId : namedSession,
              started,
              ended,
              cwd,
              branch,
              emitted.compactions(),
              Map.of()));
    }
  }

  /**
   * The files an {@code apply_patch} names: the custom tool's input, or a shell call whose command
   * runs {@code apply_patch} with the patch as an argument or a heredoc.
   */
  static Set<String> patchedFiles(String tool, JsonNode input) {
    Set<String> out = new LinkedHashSet<>();
    if (input == null) {
      return out;
    }
    List<String> strings = new ArrayList<>();
    collect(input, strings);
    boolean patchTool = tool.equals("apply_patch");
    boolean invoked = patchTool || strings.stream().anyMatch(s -> s.contains("apply_patch"));
    if (!invoked) {
      return out;
    }
    for (String s : strings) {
      int begin = s.indexOf("*** Begin Patch");
      if (begin < 0) {
        continue;
      }
      Matcher m = PATCH_FILE.matcher(s);
      m.region(begin, s.length());
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static void collect(JsonNode n, List<String> into) {
    if (n.isTextual()) {
      into.add(n.textValue());
    } else if (n.isContainerNode()) {
      n.forEach(c -> collect(c, into));
    }
  }

  /**
   * A function call's {@code arguments}: a JSON string, parsed; kept as text when it is not JSON.
   */
  private static JsonNode arguments(JsonNode p) {
    JsonNode a = p.path("arguments");
    if (a.isTextual()) {
      JsonNode parsed = parse(a.textValue());
      if (parsed != null && parsed.isObject()) {
        return parsed;
      }
      return JsonNodeFactory.instance.objectNode().put("arguments", a.textValue());
    }
    return a.isObject() ? a : JsonNodeFactory.instance.objectNode();
  }

  private static JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      return null; // not JSON: the caller keeps the text as it is
    }
  }

  /** Codex content parts ({@code input_text}, {@code output_text}) as Claude-shaped text blocks. */
  private static JsonNode parts(JsonNode content) {
    if (!content.isArray()) {
      return content;
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (JsonNode part : content) {
      if (part.path("text").isTextual()) {
        out.add(textBlock(part.path("text").textValue()));
      }
    }
    return out;
  }

  private static ObjectNode textBlock(String text) {
    return JsonNodeFactory.instance.objectNode().put("type", "text").put("text", text);
  }

  private static ObjectNode claudeMessage(ArrayNode content) {
    ObjectNode m = JsonNodeFactory.instance.objectNode();
    m.set("content", content);
    return m;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.textValue() : null;
  }
}
