package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Cursor agent CLI transcripts ({@code ~/.cursor/projects/<project>/agent-transcripts/<id>.jsonl}),
 * one message a line:
 *
 * <pre>
 * {"role": "user" | "assistant" | "tool", "message": {"content": [ block … ]}}
 * </pre>
 *
 * <p>Blocks are Claude-shaped: {@code text}, {@code tool_use} ({@code id, name, input}) and {@code
 * tool_result} ({@code tool_use_id, content, is_error}). The user's typed text is wrapped in {@code
 * <user_query>}; other user text (attached files, rules, reminders) is context, not a prompt. Lines
 * carry no times, so chats have none. Files modified are those an edit tool ({@link CursorTools})
 * names when it is called, and those an {@code apply_patch} body names.
 *
 * <p>The file only grows: a read starts at an offset, and a chat's id is the session's id (the
 * file's name) and its prompt's byte offset, so a chat read again is the same record. A role
 * unknown here is counted as garbage and skipped.
 */
final class CursorTranscript implements TranscriptReader {
  static final String ASSISTANT = "cursor";

  private static final String QUERY_OPEN = "<user_query>";
  private static final String QUERY_CLOSE = "</user_query>";

  @Override
  public String assistant() {
    return ASSISTANT;
  }

  /** Whether a file's first line is a Cursor transcript's: {@code {role, message}}, no type. */
  static boolean recognizes(JsonNode first) {
    return first != null
        && first.isObject()
        && first.path("role").isTextual()
        && first.path("message").isObject()
        && !first.has("type")
        && !first.has("sessionId");
  }

  @Override
  public Reading read(Path file, long offset, PathScope scope, boolean finish, Sink sink)
      throws IOException {
    String name = file.getFileName().toString();
    Pass pass =
        new Pass(
            scope, sink, name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name);
    pass.end = offset;
    JsonLines.Read read = JsonLines.read(file, offset, pass::line);
    pass.end = read.end(); // a half-written last line waits
    pass.garbage += read.garbage();
    return pass.result(finish);
  }

  /** The prompt in a user message's text, or null when it is context the CLI added. */
  static String prompt(String text) {
    int open = text.indexOf(QUERY_OPEN);
    if (open < 0) {
      String t = text.strip();
      return t.isEmpty() || t.startsWith("<") ? null : t;
    }
    int close = text.indexOf(QUERY_CLOSE, open);
    String q = text.substring(open + QUERY_OPEN.length(), close < 0 ? text.length() : close);
    return q.isBlank() ? null : q.strip();
  }

  /** One read: the lines in order, and the chat they belong to. */
  private static final class Pass {
    private final PathScope scope;
    private final Emitted emitted;
    private final String sessionId;
    private ChatAccumulator open;
    private long openAt = -1;
    private long end;
    private int garbage;

    Pass(PathScope scope, Sink sink, String sessionId) {
      this.scope = scope;
      this.emitted = new Emitted(sink);
      this.sessionId = sessionId;
    }

    void line(JsonNode line, long at) throws IOException {
      JsonNode content = line.path("message").path("content");
      switch (line.path("role").asText("")) {
        case "user" -> user(content, at);
        case "assistant" -> assistant(content, at);
        case "tool" -> results(content);
        default -> garbage++;
      }
    }

    private void user(JsonNode content, long at) throws IOException {
      StringBuilder text = new StringBuilder();
      if (content.isTextual()) {
        text.append(content.textValue());
      }
      for (JsonNode block : content) {
        if (block.path("type").asText("").equals("text")) {
          text.append(text.length() > 0 ? "\n" : "").append(block.path("text").asText(""));
        }
      }
      results(content);
      String prompt = prompt(text.toString());
      if (prompt == null) {
        return;
      }
      close();
      open =
          new ChatAccumulator(
              "cursor-" + sessionId + "-" + at,
              sessionId,
              prompt,
              null,
              ASSISTANT,
              null,
              null,
              scope);
      openAt = at;
    }

    private void assistant(JsonNode content, long at) throws IOException {
      if (open == null) {
        return;
      }
      ObjectNode message = JsonNodeFactory.instance.objectNode();
      message.put("id", Long.toString(at));
      ArrayNode blocks = message.putArray("content");
      if (content.isTextual()) {
        blocks.addObject().put("type", "text").put("text", content.textValue());
      }
      for (JsonNode block : content) {
        String type = block.path("type").asText("");
        if (type.equals("text") || type.equals("tool_use")) {
          blocks.add(block);
        }
        if (type.equals("tool_use")) {
          String tool = block.path("name").asText("");
          JsonNode input = block.path("input");
          if (CursorTools.edits(tool)) {
            open.modified(CursorTools.file(input));
          } else if (CursorTools.reads(tool)) {
            open.referenced(CursorTools.file(input));
          } else if (CursorTools.patches(tool)) {
            CodexRollout.patchedFiles("apply_patch", input).forEach(open::modified);
          }
        }
      }
      open.assistantMessage(message, null);
      emitted.completed(open);
    }

    private void results(JsonNode content) throws IOException {
      if (open == null) {
        return;
      }
      for (JsonNode block : content) {
        if (block.path("type").asText("").equals("tool_result")) {
          open.toolResult(block, null, null);
        }
      }
      emitted.completed(open);
    }

    private void close() throws IOException {
      if (open != null) {
        emitted.chat(open);
        open = null;
        openAt = -1;
      }
    }

    Reading result(boolean finish) throws IOException {
      if (finish) {
        close();
      }
      // the chat still open is read again next time from its first line (more may come)
      long next = open != null ? openAt : end;
      return new Reading(
          emitted.chats(),
          emitted.actions(),
          next,
          garbage,
          new SessionFacts(sessionId, null, null, null, null, List.of(), Map.of()));
    }
  }
}
