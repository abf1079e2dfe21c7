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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gemini CLI's chat recordings ({@code ~/.gemini/tmp/<project>/chats/session-<time>-<id8>.json} or
 * {@code .jsonl}), in two forms:
 *
 * <pre>
 * .json   { sessionId, projectHash, startTime, lastUpdated, messages: [ message … ] }
 *         one document, rewritten in place as the session runs
 * .jsonl  { sessionId, projectHash, startTime, kind }        header line
 *         { id, timestamp, type, content, … }                a message; the last record of an id wins
 *         { "$set": { lastUpdated | messages: [ … ] } }      an update (a2a-server: the whole list)
 *         { "$rewindTo": "&lt;message id&gt;" }                     that message and those after it dropped
 * </pre>
 *
 * <p>A message's {@code type} is {@code user} (the prompt: a string, or {@code [{text}]} parts in
 * JSONL), {@code gemini} (text, {@code model}, {@code tokens}, {@code toolCalls}: each {@code {id,
 * name, args, result: [{functionResponse}], status}}, the call and its result in one record), or
 * {@code info} / {@code error} (CLI notices, not part of a chat). A chat is a user message and the
 * gemini messages until the next; the CLI's injected {@code <session_context>} is not a prompt. A
 * chat whose answers hold no text (tool calls only) takes the model's {@code thoughts} summaries as
 * its response. Files modified are the {@code file_path} of {@code write_file}, {@code replace} and
 * {@code edit} calls whose status is {@code success} (cancelled and failed edits are common).
 *
 * <p>Neither form can be read from an offset: the document is rewritten and JSONL records rewrite
 * earlier ones. So every read reads the whole file and returns 0 as the next offset; chat ids are
 * the user message's id, so a chat read again is the same record and the store keeps it once. The
 * JSON document is read with Jackson's streaming parser one message at a time, and files over
 * {@link #MAX_DOCUMENT} bytes are refused, which bounds the one message held; JSONL lines are cut
 * by {@link BoundedLines}, and their messages are held until the end (rewinds may drop them).
 */
final class GeminiSession implements TranscriptReader {
  static final String ASSISTANT = "gemini-cli";

  /** Largest JSON-document session read (a message is parsed whole before it is cut). */
  static final long MAX_DOCUMENT = 64L << 20;

  private static final ObjectMapper JSON = Mappers.JSON;

  /** Tools that write files (gemini-cli {@code packages/core/src/tools/}: write-file, edit). */
  private static final Set<String> EDITS = Set.of("write_file", "replace", "edit");

  /** Openings of user-role text the CLI or the a2a server injects. */
  private static final String[] INJECTED = {
    "<session_context>", "This is the Gemini CLI. We are setting up the context"
  };

  private static final Pattern SESSION_IN_NAME =
      Pattern.compile("session-.*-([0-9a-zA-Z]{8})\\.jsonl?$");

  @Override
  public String assistant() {
    return ASSISTANT;
  }

  /** Whether a JSONL file's first line is a Gemini CLI session header. */
  static boolean recognizes(JsonNode first) {
    return first != null
        && first.isObject()
        && first.path("sessionId").isTextual()
        && first.has("projectHash")
        && !first.has("type");
  }

  /** Whether a file's name is that of a JSON-document session (the JSONL form has its header). */
  static boolean documentName(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith("session-") && name.endsWith(".json");
  }

  @Override
  public Reading read(Path file, long offset, PathScope scope, boolean finish, Sink sink)
      throws IOException {
    Matcher m = SESSION_IN_NAME.matcher(file.getFileName().toString());
    Pass pass = new Pass(scope.withCwd(projectRoot(file)), sink, m.find() ? m.group(1) : null);
    if (file.getFileName().toString().endsWith(".jsonl")) {
      readLines(file, pass);
    } else {
      readDocument(file, pass);
    }
    return pass.result(finish);
  }

  private static void readDocument(Path file, Pass pass) throws IOException {
    long size = Files.size(file);
    if (size > MAX_DOCUMENT) {
      throw new IOException(
          file + ": " + size + " bytes, over the " + MAX_DOCUMENT + " read of a JSON session");
    }
    try (InputStream in = Confinement.open(file, 0);
        JsonParser p = JSON.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(file + ": not a Gemini CLI session (no JSON object at byte 0)");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("messages") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            pass.message(JSON.readTree(p));
          }
        } else if (value.isScalarValue()) {
          pass.meta(field, p.getValueAsString());
        } else {
          p.skipChildren();
        }
      }
    }
  }

  private static void readLines(Path file, Pass pass) throws IOException {
    Map<String, JsonNode> messages = new LinkedHashMap<>();
    try (InputStream in = Confinement.open(file, 0)) {
      BoundedLines lines = new BoundedLines(in, 0);
      while (lines.next()) {
        if (lines.length() == 0) {
          continue;
        }
        JsonNode line = null;
        if (!lines.oversized()) {
          try {
            line = JSON.readTree(lines.bytes(), 0, lines.length());
          } catch (IOException notJson) {
            line = null;
          }
        }
        if (line == null || !line.isObject()) {
          pass.garbage++;
        } else {
          record(line, messages, pass);
        }
      }
    }
    for (JsonNode message : messages.values()) {
      pass.message(message);
    }
  }

  /** One JSONL record: the header, a message, an update or a rewind. */
  private static void record(JsonNode line, Map<String, JsonNode> messages, Pass pass) {
    if (line.path("$rewindTo").isTextual()) {
      boolean dropping = false;
      String to = line.path("$rewindTo").textValue();
      for (Iterator<String> it = messages.keySet().iterator(); it.hasNext(); ) {
        dropping |= it.next().equals(to);
        if (dropping) {
          it.remove();
        }
      }
    } else if (line.path("$set").isObject()) {
      JsonNode set = line.path("$set");
      if (set.path("messages").isArray()) {
        messages.clear();
        set.path("messages").forEach(msg -> messages.put(msg.path("id").asText(""), msg));
      }
      set.properties().forEach(e -> pass.meta(e.getKey(), e.getValue().asText(null)));
    } else if (line.path("id").isTextual() && line.path("type").isTextual()) {
      messages.put(line.path("id").textValue(), line);
    } else {
      line.properties().forEach(e -> pass.meta(e.getKey(), e.getValue().asText(null)));
    }
  }

  /**
   * The project's path, when the project folder ({@code tmp/<project>/}, the session's grandparent)
   * names it in {@code .project_root} (folders named by project since early 2026).
   */
  static String projectRoot(Path session) {
    Path chats = session.getParent();
    Path project = chats == null ? null : chats.getParent();
    if (project == null) {
      return null;
    }
    Path marker = project.resolve(".project_root");
    try {
      if (Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
        // through Confinement: a link or a FIFO put in its place is refused, never followed
        String root = SessionFolders.head(marker, 4096).strip();
        return root.isEmpty() ? null : root;
      }
    } catch (IOException | RuntimeException unreadable) {
      return null; // paths stay as the session wrote them
    }
    return null;
  }

  /** One read: the messages in order, and the chat they belong to. */
  private static final class Pass {
    private final PathScope scope;
    private final Emitted emitted;
    private final String namedSession;
    private ChatAccumulator open;
    private final StringBuilder thoughts = new StringBuilder();
    private int garbage;
    private int index;
    private String sessionId;
    private String started;
    private String ended;

    Pass(PathScope scope, Sink sink, String namedSession) {
      this.scope = scope;
      this.emitted = new Emitted(sink);
      this.namedSession = namedSession;
    }

    void meta(String field, String value) {
      if (value == null) {
        return;
      }
      switch (field) {
        case "sessionId" -> sessionId = sessionId == null ? value : sessionId;
        case "startTime" -> started = started == null ? value : started;
        case "lastUpdated" -> ended = value;
        default -> {}
      }
    }

    void message(JsonNode m) throws IOException {
      index++;
      String ts = m.path("timestamp").asText(null);
      if (ts != null) {
        started = started == null ? ts : started;
        ended = ended == null || ts.compareTo(ended) > 0 ? ts : ended;
      }
      switch (m.path("type").asText("")) {
        case "user" -> prompt(m, ts);
        case "gemini" -> answer(m, ts);
        default -> {} // info and error notices, unknown kinds
      }
    }

    private void prompt(JsonNode m, String ts) throws IOException {
      String text = text(m.path("content"));
      String t = text.strip();
      if (t.isEmpty()) {
        return;
      }
      for (String prefix : INJECTED) {
        if (t.startsWith(prefix)) {
          return;
        }
      }
      close();
      String session = session();
      String id = m.path("id").asText("");
      open =
          new ChatAccumulator(
              "gemini-" + session + "-" + (id.isEmpty() ? "m" + index : id),
              session,
              text,
              ts,
              ASSISTANT,
              null,
              null,
              scope);
    }

    private void answer(JsonNode m, String ts) throws IOException {
      if (open == null) {
        return;
      }
      ObjectNode message = JsonNodeFactory.instance.objectNode();
      message.put("id", m.path("id").asText(""));
      if (m.path("model").isTextual()) {
        message.put("model", m.path("model").textValue());
      }
      JsonNode tokens = m.path("tokens");
      if (tokens.isObject()) {
        ObjectNode usage = message.putObject("usage");
        usage.put("input_tokens", tokens.path("input").asLong());
        usage.put(
            "output_tokens", tokens.path("output").asLong() + tokens.path("thoughts").asLong());
      }
      ArrayNode content = message.putArray("content");
      String text = text(m.path("content"));
      if (!text.isBlank()) {
        content.addObject().put("type", "text").put("text", text);
      }
      thoughts(m.path("thoughts"));
      for (JsonNode call : m.path("toolCalls")) {
        ObjectNode use = content.addObject();
        use.put("type", "tool_use");
        use.put("id", callId(call));
        use.put("name", call.path("name").asText(""));
        use.set("input", call.path("args").isObject() ? call.path("args") : use.objectNode());
      }
      open.assistantMessage(message, ts);
      for (JsonNode call : m.path("toolCalls")) {
        result(call, ts);
      }
      emitted.completed(open);
    }

    /** A call's result, in the same record as the call; an edit that succeeded names its file. */
    private void result(JsonNode call, String ts) {
      String status = call.path("status").asText("");
      if (status.isEmpty() && call.path("result").isMissingNode()) {
        return; // no result yet: the action is given without one when the chat ends
      }
      boolean success = status.equals("success");
      ObjectNode block = JsonNodeFactory.instance.objectNode();
      block.put("tool_use_id", callId(call));
      block.put("is_error", !success);
      block.put("content", resultText(call));
      open.toolResult(block, null, call.path("timestamp").asText(ts));
      JsonNode args = call.path("args");
      if (success && EDITS.contains(call.path("name").asText(""))) {
        for (String field : new String[] {"file_path", "absolute_path", "path"}) {
          if (args.path(field).isTextual()) {
            open.modified(args.path(field).textValue());
            break;
          }
        }
      }
    }

    /** The model's thought summaries, kept for a chat whose answer has no text of its own. */
    private void thoughts(JsonNode list) {
      for (JsonNode t : list) {
        String line =
            (t.path("subject").asText("") + ": " + t.path("description").asText("")).strip();
        if (line.length() > 1 && thoughts.length() < ChatAccumulator.MAX_RESPONSE) {
          thoughts.append(thoughts.length() > 0 ? "\n\n" : "").append(line);
        }
      }
    }

    private String session() {
      return sessionId != null ? sessionId : namedSession;
    }

    private void close() throws IOException {
      if (open == null) {
        return;
      }
      // a turn of tool calls only (often cancelled): what the model was thinking is its answer
      open.answerIfSilent(thoughts);
      thoughts.setLength(0);
      emitted.chat(open);
      open = null;
    }

    Reading result(boolean finish) throws IOException {
      if (finish) {
        close();
      }
      return new Reading(
          emitted.chats(),
          emitted.actions(),
          0,
          garbage,
          new SessionFacts(
              session(),
              started,
              ended,
              scope.cwd() == null ? null : scope.cwd().toString(),
              null,
              List.of(),
              Map.of()));
    }
  }

  private static String callId(JsonNode call) {
    return call.path("id").asText(call.path("name").asText("call"));
  }

  /** What the tool answered: each function response's output or error, else its display text. */
  private static String resultText(JsonNode call) {
    List<String> out = new ArrayList<>();
    JsonNode result = call.path("result");
    if (result.isTextual()) {
      out.add(result.textValue());
    }
    for (JsonNode part : result) {
      JsonNode response = part.path("functionResponse").path("response");
      for (String field : new String[] {"output", "error"}) {
        if (response.path(field).isTextual()) {
          out.add(response.path(field).textValue());
        }
      }
    }
    if (out.isEmpty() && call.path("resultDisplay").isTextual()) {
      out.add(call.path("resultDisplay").textValue());
    }
    return String.join("\n", out);
  }

  /** A message's content: a string, or a list of {@code {text}} parts. */
  private static String text(JsonNode content) {
    if (content.isTextual()) {
      return content.textValue();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content) {
      if (part.path("text").isTextual()) {
        if (sb.length() > 0) {
          sb.append('\n');
        }
        sb.append(part.path("text").textValue());
      }
    }
    return sb.toString();
  }
}
