package dev.gitml.collector.session;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task of Cline, or of its forks Roo Code and Kilo Code (same layout): the VS Code extension's
 * folder {@code …/globalStorage/<extension>/tasks/<taskId>/} (taskId: the start time in ms), read
 * through its {@code api_conversation_history.json}.
 *
 * <pre>
 * api_conversation_history.json  [ {role, content: [block …], modelInfo?, metrics?} … ]
 *     the Anthropic-format messages sent to the model, rewritten whole as the task runs
 * ui_messages.json               [ {ts, type: say|ask, say|ask, text} … ]   what the panel shows
 * task_metadata.json             {files_in_context: [{path, record_source}], model_usage: [...]}
 * </pre>
 *
 * <p>A prompt is the {@code <task>} that opens the first user message, a {@code <feedback>} the
 * user typed later (on a completion or a denied tool), or the {@code <user_message>} of a {@code
 * [TASK RESUMPTION]}; the rest of a user message is injected ({@code <environment_details>}, todo
 * reminders) or a tool's result: a {@code tool_result} block, or in Cline's own text form {@code
 * [write_to_file for 'a.ts'] Result: …}, matched to the oldest call of that tool still waiting.
 * Tool calls are {@code tool_use} blocks (native tool calling) or, in older versions, XML in the
 * assistant's text ({@code <write_to_file><path>a.ts</path>…</write_to_file>}). Files modified are
 * the {@code path} of the edit tools whose result is not a denial or an error, and the files {@code
 * task_metadata.json} lists as edited by the extension ({@code record_source: cline_edited}). The
 * answer is the assistant's text and {@code attempt_completion}'s result.
 *
 * <p>The history is rewritten in place, so every read reads it whole and returns 0 as the next
 * offset; chat ids are the task and the message's index, so a chat read again is the same record.
 */
final class ClineTask implements TranscriptReader {
  static final String ASSISTANT = "cline";

  /** The file a task is read through. */
  static final String HISTORY = "api_conversation_history.json";

  /** Largest history read (a message is parsed whole before it is cut). */
  static final long MAX_DOCUMENT = 64L << 20;

  private static final ObjectMapper JSON = Mappers.JSON;

  /**
   * Tools that write files: Cline's {@code write_to_file}, {@code replace_in_file}, {@code
   * new_rule}; Roo Code's and Kilo Code's {@code apply_diff}, {@code insert_content}, {@code
   * search_and_replace}, {@code edit_file}.
   */
  private static final Set<String> EDITS =
      Set.of(
          "write_to_file",
          "replace_in_file",
          "new_rule",
          "apply_diff",
          "insert_content",
          "search_and_replace",
          "edit_file");

  /** Tools older versions called in XML inside the assistant's text. */
  private static final Set<String> XML_TOOLS =
      Set.of(
          "read_file",
          "write_to_file",
          "replace_in_file",
          "apply_diff",
          "insert_content",
          "search_and_replace",
          "execute_command",
          "search_files",
          "list_files",
          "list_code_definition_names",
          "browser_action",
          "use_mcp_tool",
          "access_mcp_resource",
          "ask_followup_question",
          "attempt_completion",
          "plan_mode_respond",
          "new_task",
          "switch_mode",
          "web_fetch");

  /** Tools whose result is what they read, never the user's words. */
  private static final Set<String> READS =
      Set.of(
          "read_file",
          "search_files",
          "list_files",
          "list_code_definition_names",
          "browser_action",
          "use_mcp_tool",
          "access_mcp_resource",
          "web_fetch");

  private static final Pattern XML_PARAM =
      Pattern.compile("<([a-z_]+)>(.*?)</\\1>", Pattern.DOTALL);
  private static final Pattern TEXT_RESULT =
      Pattern.compile("^\\[([a-z_]+)(?: for [^\\]]*)?\\] Result:", Pattern.DOTALL);
  private static final Pattern TASK = Pattern.compile("<task>(.*?)</task>", Pattern.DOTALL);
  private static final Pattern FEEDBACK =
      Pattern.compile("<feedback>(.*?)</feedback>", Pattern.DOTALL);
  private static final Pattern RESUMED =
      Pattern.compile("<user_message>(.*?)</user_message>", Pattern.DOTALL);
  private static final Pattern CWD =
      Pattern.compile("# Current Working Directory \\((.+?)\\) Files");

  /** Openings of a tool result Cline writes when it did not run or failed. */
  private static final String[] FAILED = {
    "The user denied this operation", "The tool execution failed", "Error ", "Error:"
  };

  @Override
  public String assistant() {
    return ASSISTANT;
  }

  @Override
  public List<Path> subagentTranscripts(Path file, Confinement confinement) {
    return List.of(); // a subtask (new_task) is a task folder of its own
  }

  /** Whether {@code file} is a task's conversation history. */
  static boolean recognizes(Path file) {
    return file.getFileName().toString().equals(HISTORY);
  }

  @Override
  public Reading read(Path file, long offset, PathScope scope, boolean finish, Sink sink)
      throws IOException {
    long size = Files.size(file);
    if (size > MAX_DOCUMENT) {
      throw new IOException(
          file + ": " + size + " bytes, over the " + MAX_DOCUMENT + " read of a Cline task");
    }
    Path dir = file.getParent();
    String task = dir == null ? file.toString() : dir.getFileName().toString();
    Pass pass = new Pass(scope, sink, task, Sidecars.read(dir));
    try (InputStream in = Confinement.open(file, 0);
        JsonParser p = JSON.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IOException(file + ": not a Cline task history (no JSON array at byte 0)");
      }
      JsonToken t;
      while ((t = p.nextToken()) != null && t != JsonToken.END_ARRAY) {
        if (t == JsonToken.START_OBJECT) {
          pass.message(JSON.readTree(p));
        } else {
          p.skipChildren();
          pass.garbage++;
        }
      }
    }
    return pass.result(finish);
  }

  /**
   * What the task's other files add: the times of the user's messages ({@code ui_messages.json}),
   * the files the extension edited and the model ({@code task_metadata.json}).
   */
  private record Sidecars(List<Long> promptTimes, long lastTime, Set<String> edited, String model) {
    static Sidecars read(Path dir) {
      List<Long> times = new ArrayList<>();
      long last = 0;
      Set<String> edited = new LinkedHashSet<>();
      String model = null;
      JsonNode ui = document(dir, "ui_messages.json");
      for (JsonNode m : ui) {
        long ts = m.path("ts").asLong(0);
        last = Math.max(last, ts);
        String say = m.path("say").asText("");
        if (say.equals("text") && times.isEmpty() || say.equals("user_feedback")) {
          times.add(ts);
        }
      }
      JsonNode meta = document(dir, "task_metadata.json");
      for (JsonNode f : meta.path("files_in_context")) {
        String source = f.path("record_source").asText("");
        if (source.endsWith("_edited")
            && !source.startsWith("user")
            && f.path("path").isTextual()) {
          edited.add(f.path("path").textValue());
        }
      }
      for (JsonNode u : meta.path("model_usage")) {
        model = u.path("model_id").asText(model);
      }
      return new Sidecars(times, last, edited, model);
    }

    /** A small JSON file beside the history, or an empty node when it is absent or unreadable. */
    private static JsonNode document(Path dir, String name) {
      if (dir == null) {
        return JsonNodeFactory.instance.objectNode();
      }
      Path f = dir.resolve(name);
      try {
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && Files.size(f) <= MAX_DOCUMENT) {
          try (InputStream in = Confinement.open(f, 0)) {
            return JSON.readTree(in);
          }
        }
      } catch (IOException unreadable) {
        return JsonNodeFactory.instance.objectNode(); // the history alone still makes the chats
      }
      return JsonNodeFactory.instance.objectNode();
    }
  }

  /** One read: the messages in order, and the chat they belong to. */
  private static final class Pass {
    private PathScope scope;
    private final Emitted emitted;
    private final String task;
    private final Sidecars sidecars;
    private ChatAccumulator open;
    private final Map<String, Deque<String>> waiting = new LinkedHashMap<>();
    private final Map<String, JsonNode> inputs = new LinkedHashMap<>();
    private final Set<String> modifiedAnywhere = new LinkedHashSet<>();
    private int index;
    private int prompts;
    private int garbage;
    private long messageTime;
    private String cwd;
    private String started;

    Pass(PathScope scope, Sink sink, String task, Sidecars sidecars) {
      this.scope = scope;
      this.emitted = new Emitted(sink);
      this.task = task;
      this.sidecars = sidecars;
    }

    void message(JsonNode m) throws IOException {
      index++;
      messageTime = m.path("ts").asLong(0); // Roo Code and Kilo Code stamp their messages
      JsonNode content = m.path("content");
      if (content.isTextual()) {
        content = JsonNodeFactory.instance.arrayNode().add(textBlock(content.textValue()));
      }
      switch (m.path("role").asText("")) {
        case "user" -> user(content);
        case "assistant" -> assistant(m, content);
        default -> garbage++;
      }
    }

    private void user(JsonNode content) throws IOException {
      List<String> asked = new ArrayList<>();
      for (JsonNode block : content) {
        String type = block.path("type").asText("");
        if (type.equals("tool_result")) {
          result(block, block.path("tool_use_id").asText(""));
        } else if (type.equals("text")) {
          String text = block.path("text").asText("");
          directory(text);
          Matcher r = TEXT_RESULT.matcher(text);
          boolean found = r.find();
          if (found) {
            String id = next(r.group(1));
            ObjectNode b = JsonNodeFactory.instance.objectNode();
            b.put("content", text);
            result(b, id);
          }
          if (!found || !READS.contains(r.group(1))) {
            prompts(text, asked); // a file read may hold any tag: not the user's words
          }
        }
      }
      for (String prompt : asked) {
        prompt(prompt);
      }
    }

    /** The user's own words in a text block: the task, feedback, a resumed task's message. */
    private static void prompts(String text, List<String> into) {
      String opening = text.stripLeading();
      for (Pattern p : new Pattern[] {TASK, FEEDBACK, RESUMED}) {
        if (p == TASK && !opening.startsWith("<task>")
            || p == RESUMED && !opening.startsWith("[TASK RESUMPTION]")) {
          continue;
        }
        Matcher m = p.matcher(text);
        while (m.find()) {
          String said = m.group(1).strip();
          if (!said.isEmpty()) {
            into.add(said);
          }
        }
      }
    }

    private void directory(String text) {
      if (cwd == null && text.contains("# Current Working Directory (")) {
        Matcher m = CWD.matcher(text);
        if (m.find()) {
          cwd = m.group(1).strip();
          scope = scope.withCwd(cwd);
        }
      }
    }

    private void prompt(String text) throws IOException {
      close();
      long ms = messageTime;
      if (ms == 0 && prompts < sidecars.promptTimes().size()) {
        ms = sidecars.promptTimes().get(prompts);
      }
      if (ms == 0 && prompts == 0) {
        ms = taskStart();
      }
      String ts = ms > 0 ? Instant.ofEpochMilli(ms).toString() : null;
      started = started == null ? ts : started;
      prompts++;
      open =
          new ChatAccumulator(
              "cline-" + task + "-" + index, task, text, ts, ASSISTANT, null, null, scope);
      if (sidecars.model() != null) {
        open.assistantMessage(
            JsonNodeFactory.instance.objectNode().put("model", sidecars.model()), null);
      }
    }

    private long taskStart() {
      try {
        return Long.parseLong(task);
      } catch (NumberFormatException e) {
        return 0; // a folder not named by its start time: the chat has no time
      }
    }

    private void assistant(JsonNode m, JsonNode content) {
      if (open == null) {
        return;
      }
      ObjectNode message = JsonNodeFactory.instance.objectNode();
      message.put("id", "m" + index);
      String model = m.path("modelInfo").path("modelId").asText("");
      if (!model.isEmpty()) {
        message.put("model", model);
      }
      JsonNode tokens = m.path("metrics").path("tokens");
      if (tokens.isObject()) {
        ObjectNode usage = message.putObject("usage");
        usage.put("input_tokens", tokens.path("prompt").asLong());
        usage.put("output_tokens", tokens.path("completion").asLong());
      }
      ArrayNode blocks = message.putArray("content");
      int n = 0;
      for (JsonNode block : content) {
        switch (block.path("type").asText("")) {
          case "text" -> {
            String text = block.path("text").asText("");
            List<XmlCall> spans = XmlCall.in(text);
            List<ObjectNode> calls = xmlCalls(spans, "x" + index + "-");
            blocks.add(textBlock(calls.isEmpty() ? text : XmlCall.without(text, spans)));
            calls.forEach(c -> call(c, blocks));
          }
          case "tool_use" -> {
            ObjectNode use = block.deepCopy();
            if (use.path("id").asText("").isEmpty()) {
              use.put("id", "u" + index + "-" + n);
            }
            call(use, blocks);
          }
          default -> {} // thinking, redacted thinking, images
        }
        n++;
      }
      open.assistantMessage(message, null);
    }

    /** A tool call: waiting for its result, and its answer text if it ends the task. */
    private void call(ObjectNode use, ArrayNode blocks) {
      String name = use.path("name").asText("");
      String id = use.path("id").asText("");
      waiting.computeIfAbsent(name, k -> new ArrayDeque<>()).add(id);
      inputs.put(id, use);
      blocks.add(use);
      String result = use.path("input").path("result").asText("");
      if (name.equals("attempt_completion") && !result.isBlank()) {
        blocks.add(textBlock(result));
      }
    }

    /** The oldest call of {@code tool} still waiting for its result. */
    private String next(String tool) {
      Deque<String> ids = waiting.get(tool);
      return ids == null || ids.isEmpty() ? null : ids.peekFirst();
    }

    private void result(JsonNode block, String id) throws IOException {
      JsonNode use = id == null ? null : inputs.remove(id);
      if (use == null || open == null) {
        return;
      }
      Deque<String> ids = waiting.get(use.path("name").asText(""));
      if (ids != null) {
        ids.remove(id);
      }
      String output = ChatAccumulator.outputText(block.path("content"));
      String body = output.replaceFirst("^\\[[^\\]]*\\] Result:\\s*", "");
      boolean failed = block.path("is_error").asBoolean(false);
      for (String f : FAILED) {
        failed |= body.startsWith(f);
      }
      ObjectNode b = JsonNodeFactory.instance.objectNode();
      b.put("tool_use_id", id);
      b.put("is_error", failed);
      b.put("content", body);
      open.toolResult(b, null, null);
      String path = editedPath(use.path("input"));
      if (!failed && EDITS.contains(use.path("name").asText("")) && !path.isEmpty()) {
        open.modified(path);
        modifiedAnywhere.add(scope.relative(path));
      }
      emitted.completed(open);
    }

    private void close() throws IOException {
      if (open == null) {
        return;
      }
      // an edit whose result never came (the task stopped) still wrote its file when approved
      for (JsonNode use : inputs.values()) {
        String path = editedPath(use.path("input"));
        if (EDITS.contains(use.path("name").asText("")) && !path.isEmpty()) {
          open.modified(path);
          modifiedAnywhere.add(scope.relative(path));
        }
      }
      inputs.clear();
      waiting.clear();
      emitted.chat(open);
      open = null;
    }

    Reading result(boolean finish) throws IOException {
      if (finish && open != null) {
        for (String f : sidecars.edited()) {
          if (!modifiedAnywhere.contains(scope.relative(f))) {
            open.modified(f); // edited, by the metadata, in no call read: the last chat's
          }
        }
        close();
      }
      String ended =
          sidecars.lastTime() > 0 ? Instant.ofEpochMilli(sidecars.lastTime()).toString() : started;
      return new Reading(
          emitted.chats(),
          emitted.actions(),
          0,
          garbage,
          new SessionFacts(task, started, ended, cwd, null, List.of(), Map.of()));
    }
  }

  /** The file an edit tool names: {@code path}, or {@code absolutePath} (Cline 3.5x). */
  private static String editedPath(JsonNode input) {
    for (String field : new String[] {"path", "absolutePath", "file_path"}) {
      if (input.path(field).isTextual() && !input.path(field).textValue().isBlank()) {
        return input.path(field).textValue();
      }
    }
    return "";
  }

  /** The tool calls written as XML in an older version's text, as {@code tool_use} blocks. */
  static List<ObjectNode> xmlCalls(String text, String idPrefix) {
    return xmlCalls(XmlCall.in(text), idPrefix);
  }

  private static List<ObjectNode> xmlCalls(List<XmlCall> calls, String idPrefix) {
    List<ObjectNode> out = new ArrayList<>();
    for (XmlCall c : calls) {
      ObjectNode use = JsonNodeFactory.instance.objectNode();
      use.put("type", "tool_use");
      use.put("id", idPrefix + out.size());
      use.put("name", c.tool());
      ObjectNode input = use.putObject("input");
      Matcher p = XML_PARAM.matcher(c.body());
      while (p.find()) {
        input.put(p.group(1), p.group(2).strip());
      }
      out.add(use);
    }
    return out;
  }

  /**
   * A tool call an older Cline wrote into its text, {@code <tool>…</tool>} with its parameters as
   * child tags, found by scanning for the tools' names and their closing tags: linear in the text,
   * whatever it holds (a file of thousands of tags is read, not recursed into).
   */
  record XmlCall(int start, int end, String tool, String body) {
    static List<XmlCall> in(String text) {
      List<XmlCall> out = new ArrayList<>();
      int i = text.indexOf('<');
      while (i >= 0 && i < text.length()) {
        int name = i + 1;
        int j = name;
        while (j < text.length()
            && (Character.isLowerCase(text.charAt(j)) || text.charAt(j) == '_')) {
          j++;
        }
        if (j > name && j < text.length() && text.charAt(j) == '>') {
          String tool = text.substring(name, j);
          if (XML_TOOLS.contains(tool)) {
            String closing = "</" + tool + ">";
            int close = text.indexOf(closing, j + 1);
            if (close >= 0) {
              out.add(new XmlCall(i, close + closing.length(), tool, text.substring(j + 1, close)));
              i = text.indexOf('<', close + closing.length());
              continue;
            }
          }
        }
        i = text.indexOf('<', i + 1);
      }
      return out;
    }

    /** {@code text} without the calls in it. */
    static String without(String text, List<XmlCall> calls) {
      StringBuilder sb = new StringBuilder(text.length());
      int at = 0;
      for (XmlCall c : calls) {
        sb.append(text, at, c.start());
        at = c.end();
      }
      return sb.append(text, at, text.length()).toString();
    }
  }

  private static ObjectNode textBlock(String text) {
    return JsonNodeFactory.instance.objectNode().put("type", "text").put("text", text);
  }
}
