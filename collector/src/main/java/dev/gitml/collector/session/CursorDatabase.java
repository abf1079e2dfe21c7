package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.foreign.ForeignDatabase;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cursor's editor chats, in its {@code state.vscdb} ({@code
 * ~/.config/Cursor/User/globalStorage/state.vscdb}; {@code ~/Library/Application Support/Cursor/…}
 * on macOS), read through {@link ForeignDatabase}, read-only. The table {@code cursorDiskKV (key
 * TEXT, value BLOB)} holds JSON values:
 *
 * <pre>
 * composerData:&lt;composerId&gt;             a chat ("composer"): name, createdAt, lastUpdatedAt
 *                                         (ms), modelConfig.modelName, and its bubbles in order:
 *                                         fullConversationHeadersOnly [{bubbleId, type}], or in
 *                                         older versions the bubbles themselves in conversation
 * bubbleId:&lt;composerId&gt;:&lt;bubbleId&gt;      a bubble: type (1 user, 2 assistant), text, createdAt,
 *                                         toolFormerData {name, rawArgs | params, result, status,
 *                                         toolCallId}, codeBlocks [{uri}], tokenCount
 *                                         {inputTokens, outputTokens}, thinking {text}
 * </pre>
 *
 * <p>A composer is a session; a user bubble with text is a prompt and the assistant bubbles until
 * the next are its chat. Files modified are those an edit tool ({@link CursorTools}) names when it
 * completed, an {@code apply_patch} body, and the {@code uri} of code blocks. Chat ids are the
 * composer's and the prompt bubble's ids. A bubble of an unknown type is counted as garbage.
 */
final class CursorDatabase implements SessionDatabase {
  static final String TABLE = "cursorDiskKV";

  private final ForeignDatabase db;

  CursorDatabase(ForeignDatabase db) {
    this.db = db;
  }

  static boolean recognizes(ForeignDatabase db) throws IOException {
    return db.hasTable(TABLE);
  }

  @Override
  public String assistant() {
    return CursorTranscript.ASSISTANT;
  }

  /** The composers that hold a conversation; the empty ones (opened, never sent) are left out. */
  @Override
  public List<Entry> sessions() throws IOException {
    List<Entry> out = new ArrayList<>();
    db.keyValues(
        TABLE,
        "composerData:",
        r -> {
          JsonNode c = json(r.text("value"));
          if (c == null) {
            return;
          }
          boolean any =
              c.path("fullConversationHeadersOnly").size() > 0 || c.path("conversation").size() > 0;
          if (any) {
            String id = r.text("key").substring("composerData:".length());
            long updated = c.path("lastUpdatedAt").asLong(c.path("createdAt").asLong());
            out.add(new Entry(id, updated));
          }
        });
    return out;
  }

  @Override
  public TranscriptReader session(String id) {
    return new Reader(id);
  }

  @Override
  public void close() throws IOException {
    db.close();
  }

  private static JsonNode json(String text) {
    if (text == null) {
      return null;
    }
    try {
      JsonNode n = Mappers.JSON.readTree(text);
      return n != null && n.isObject() ? n : null;
    } catch (IOException notJson) {
      return null;
    }
  }

  /** One composer. */
  private final class Reader implements TranscriptReader {
    private final String composerId;

    Reader(String composerId) {
      this.composerId = composerId;
    }

    @Override
    public String assistant() {
      return CursorTranscript.ASSISTANT;
    }

    @Override
    public Reading read(Path file, long offset, PathScope scope, boolean finish, Sink sink)
        throws IOException {
      Optional<String> data = db.value(TABLE, "composerData:" + composerId);
      JsonNode composer = json(data.orElse(null));
      if (composer == null) {
        throw new IOException(file + ": no Cursor composer " + composerId);
      }
      Pass pass = new Pass(composerId, composer, scope, sink);
      JsonNode headers = composer.path("fullConversationHeadersOnly");
      if (headers.size() > 0) {
        Map<String, JsonNode> bubbles = new HashMap<>();
        db.keyValues(
            TABLE,
            "bubbleId:" + composerId + ":",
            r -> {
              JsonNode b = json(r.text("value"));
              if (b != null) {
                String key = r.text("key");
                bubbles.put(key.substring(key.lastIndexOf(':') + 1), b);
              }
            });
        for (JsonNode h : headers) {
          JsonNode b = bubbles.get(h.path("bubbleId").asText(""));
          if (b == null) {
            pass.garbage++; // a header whose bubble was not written (or was deleted)
          } else {
            pass.bubble(h.path("bubbleId").asText(""), b);
          }
        }
      } else {
        for (JsonNode b : composer.path("conversation")) {
          pass.bubble(b.path("bubbleId").asText(""), b);
        }
      }
      return pass.result(finish);
    }
  }

  /** One composer's bubbles in order, and the chat they belong to. */
  private static final class Pass {
    private final String composerId;
    private final PathScope scope;
    private final Emitted emitted;
    private final String started;
    private final String ended;
    private String model;
    private ChatAccumulator open;
    private final StringBuilder thinking = new StringBuilder();
    private int garbage;

    Pass(String composerId, JsonNode composer, PathScope scope, TranscriptReader.Sink sink) {
      this.composerId = composerId;
      this.scope = scope;
      this.emitted = new Emitted(sink);
      this.started = time(composer.path("createdAt"));
      String last = time(composer.path("lastUpdatedAt"));
      this.ended = last == null ? started : last;
      String configured = composer.path("modelConfig").path("modelName").asText("");
      this.model = configured.isEmpty() || configured.equals("default") ? null : configured;
    }

    void bubble(String bubbleId, JsonNode b) throws IOException {
      switch (b.path("type").asInt(0)) {
        case 1 -> prompt(bubbleId, b);
        case 2 -> answer(bubbleId, b);
        default -> garbage++;
      }
    }

    private void prompt(String bubbleId, JsonNode b) throws IOException {
      String chosen = b.path("modelInfo").path("modelName").asText("");
      if (!chosen.isEmpty() && !chosen.equals("default")) {
        model = chosen;
      }
      String text = b.path("text").asText("").strip();
      if (text.isEmpty()) {
        return;
      }
      close();
      String ts = time(b.path("createdAt"));
      open =
          new ChatAccumulator(
              "cursor-" + composerId + "-" + bubbleId,
              composerId,
              text,
              ts == null ? started : ts,
              CursorTranscript.ASSISTANT,
              null,
              null,
              scope);
    }

    private void answer(String bubbleId, JsonNode b) throws IOException {
      if (open == null) {
        return;
      }
      String ts = time(b.path("createdAt"));
      ObjectNode message = JsonNodeFactory.instance.objectNode();
      message.put("id", bubbleId);
      if (model != null) {
        message.put("model", model);
      }
      JsonNode tokens = b.path("tokenCount");
      if (tokens.path("inputTokens").asLong() + tokens.path("outputTokens").asLong() > 0) {
        ObjectNode usage = message.putObject("usage");
        usage.put("input_tokens", tokens.path("inputTokens").asLong());
        usage.put("output_tokens", tokens.path("outputTokens").asLong());
      }
      ArrayNode content = message.putArray("content");
      String text = b.path("text").asText("");
      if (!text.isBlank()) {
        content.addObject().put("type", "text").put("text", text);
      }
      String thought = b.path("thinking").path("text").asText("").strip();
      if (!thought.isEmpty() && thinking.length() < ChatAccumulator.MAX_RESPONSE) {
        thinking.append(thinking.length() > 0 ? "\n\n" : "").append(thought);
      }
      JsonNode tool = b.path("toolFormerData");
      String name = tool.path("name").asText("");
      JsonNode args = JsonNodeFactory.instance.objectNode();
      String callId = tool.path("toolCallId").asText(bubbleId);
      if (!name.isEmpty()) {
        JsonNode raw = tool.has("rawArgs") ? tool.path("rawArgs") : tool.path("params");
        JsonNode parsed = CursorTools.tree(raw);
        args = parsed.isObject() ? parsed : args;
        ObjectNode use = content.addObject();
        use.put("type", "tool_use");
        use.put("id", callId);
        use.put("name", name);
        use.set("input", args);
      }
      open.assistantMessage(message, ts);
      if (!name.isEmpty()) {
        tool(name, callId, tool, args, ts);
      }
      for (JsonNode block : b.path("codeBlocks")) {
        open.modified(uriPath(block.path("uri")));
      }
      emitted.completed(open);
    }

    private void tool(String name, String callId, JsonNode tool, JsonNode args, String ts) {
      String status = tool.path("status").asText("");
      if (CursorTools.reads(name)) {
        open.referenced(CursorTools.file(args));
      }
      if (status.isEmpty() || status.equals("loading") || status.equals("pending")) {
        return;
      }
      boolean success = status.equals("completed") || status.equals("success");
      JsonNode result = tool.path("result");
      ObjectNode block = JsonNodeFactory.instance.objectNode();
      block.put("tool_use_id", callId);
      block.put("is_error", !success);
      block.put("content", result.isTextual() ? result.textValue() : result.toString());
      open.toolResult(block, null, ts);
      if (!success) {
        return;
      }
      if (CursorTools.edits(name)) {
        open.modified(CursorTools.file(args));
      } else if (CursorTools.patches(name)) {
        CodexRollout.patchedFiles("apply_patch", args).forEach(open::modified);
      }
    }

    /** A VS Code URI's file path: {@code fsPath}, {@code path}, or a {@code file:} URI string. */
    private static String uriPath(JsonNode uri) {
      if (uri.isTextual()) {
        String s = uri.textValue();
        return s.startsWith("file://") ? java.net.URI.create(s).getPath() : s;
      }
      String fs = uri.path("fsPath").asText("");
      return fs.isEmpty() ? uri.path("path").asText(null) : fs;
    }

    private void close() throws IOException {
      if (open == null) {
        return;
      }
      open.answerIfSilent(thinking);
      thinking.setLength(0);
      emitted.chat(open);
      open = null;
    }

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
              composerId, started, ended, null, null, List.of(), Map.of()));
    }
  }

  /** A Cursor time: milliseconds since the epoch, or an ISO-8601 string. */
  static String time(JsonNode t) {
    if (t.isNumber() && t.asLong() > 0) {
      return Instant.ofEpochMilli(t.asLong()).toString();
    }
    return t.isTextual() && !t.textValue().isBlank() ? t.textValue() : null;
  }
}
