package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * GitHub Copilot Chat in VS Code: a chat session of the workspace ({@code
 * …/User/workspaceStorage/<hash>/chatSessions/<session id>.json}, the folder's {@code
 * workspace.json} naming the workspace) or of an empty window ({@code
 * globalStorage/emptyWindowChatSessions/}), in two forms:
 *
 * <pre>
 * .json   { version, sessionId, creationDate, lastMessageDate, requests: [ request … ] }
 *         one document, rewritten in place
 * .jsonl  {kind: 0, v: {…the document…}}        the initial state
 *         {kind: 1, k: [path…], v}               a value set at a path (without v: removed)
 *         {kind: 2, k: [path…], v: [..], i?}     items pushed onto the array at a path (cut to i)
 *         {kind: 3, k: [path…]}                  a value removed
 * request { requestId, timestamp (ms), modelId, message: {text}, response: [ item … ] }
 * item    {value} markdown text | {kind: thinking, value} | {kind: toolInvocationSerialized,
 *         toolId, toolCallId, isComplete, invocationMessage} | {kind: textEditGroup, uri} |
 *         {kind: codeblockUri, uri, isEdit} | other kinds, passed over
 * </pre>
 *
 * <p>A chat is a request: the message as typed, the response's markdown (its thinking when it has
 * none), each tool invocation an action. Files modified are the {@code uri} of the text edit groups
 * and of code blocks that are edits. No format of this kind was among the project's real sessions:
 * this reader follows the format as VS Code writes it (chat model serialization and its mutation
 * log), tested on sessions made to it. Every read reads the whole file and returns 0 as the next
 * offset; chat ids are the request ids, so a chat read again is the same record.
 */
final class CopilotChatSession implements TranscriptReader {
  static final String ASSISTANT = CopilotEvents.ASSISTANT;

  /** Largest session read (the whole document is held while it is read). */
  static final long MAX_DOCUMENT = 64L << 20;

  private static final ObjectMapper JSON = Mappers.JSON;

  @Override
  public String assistant() {
    return ASSISTANT;
  }

  /** Whether {@code file} lies where VS Code keeps chat sessions. */
  static boolean recognizes(Path file) {
    Path dir = file.getParent();
    String name = file.getFileName().toString();
    if (dir == null
        || dir.getFileName() == null
        || !name.endsWith(".json") && !name.endsWith(".jsonl")) {
      return false;
    }
    String folder = dir.getFileName().toString();
    return folder.equals("chatSessions") || folder.equals("emptyWindowChatSessions");
  }

  @Override
  public Reading read(Path file, long offset, PathScope scope, boolean finish, Sink sink)
      throws IOException {
    long size = Files.size(file);
    if (size > MAX_DOCUMENT) {
      throw new IOException(
          file + ": " + size + " bytes, over the " + MAX_DOCUMENT + " read of a chat session");
    }
    int[] garbage = {0};
    JsonNode session =
        file.getFileName().toString().endsWith(".jsonl") ? replay(file, garbage) : document(file);
    String name = file.getFileName().toString().replaceFirst("\\.jsonl?$", "");
    String id = session.path("sessionId").asText(name);
    String cwd = workspace(file.getParent());
    PathScope s = scope.withCwd(cwd);
    Emitted emitted = new Emitted(sink);
    JsonNode requests = session.path("requests");
    for (int i = 0; i < requests.size(); i++) {
      ChatAccumulator chat = chat(requests.get(i), i, id, s);
      if (chat != null && (finish || i < requests.size() - 1)) {
        emitted.chat(chat);
      }
    }
    return new Reading(
        emitted.chats(),
        emitted.actions(),
        0,
        garbage[0],
        new SessionFacts(
            id,
            millis(session.path("creationDate")),
            millis(session.path("lastMessageDate")),
            cwd,
            null,
            List.of(),
            Map.of()));
  }

  private static JsonNode document(Path file) throws IOException {
    try (InputStream in = Confinement.open(file, 0)) {
      JsonNode n = JSON.readTree(in);
      if (n == null || !n.isObject()) {
        throw new IOException(file + ": not a chat session (no JSON object at byte 0)");
      }
      return n;
    }
  }

  /** The session a mutation log builds, its lines applied in order. */
  private static JsonNode replay(Path file, int[] garbage) throws IOException {
    ObjectNode state = JsonNodeFactory.instance.objectNode();
    try (InputStream in = Confinement.open(file, 0)) {
      BoundedLines lines = new BoundedLines(in, 0);
      while (lines.next()) {
        if (lines.length() == 0) {
          continue;
        }
        JsonNode m = null;
        if (!lines.oversized()) {
          try {
            m = JSON.readTree(lines.bytes(), 0, lines.length());
          } catch (IOException notJson) {
            m = null;
          }
        }
        if (m == null || !m.path("kind").isInt()) {
          garbage[0]++;
        } else if (m.path("kind").asInt() == 0 && m.path("v").isObject()) {
          state = (ObjectNode) m.path("v");
        } else if (!apply(state, m)) {
          garbage[0]++;
        }
      }
    }
    return state;
  }

  /** One mutation; false when its kind or path is not one this reader knows. */
  private static boolean apply(ObjectNode state, JsonNode m) {
    JsonNode k = m.path("k");
    if (!k.isArray() || k.isEmpty()) {
      return false;
    }
    JsonNode parent = state;
    for (int i = 0; i < k.size() - 1 && parent != null; i++) {
      parent = child(parent, k.get(i));
    }
    if (parent == null || !parent.isContainerNode()) {
      return false;
    }
    JsonNode last = k.get(k.size() - 1);
    JsonNode v = m.get("v");
    switch (m.path("kind").asInt()) {
      case 1 -> {
        if (v == null) {
          remove(parent, last);
        } else {
          set(parent, last, v);
        }
      }
      case 2 -> {
        JsonNode target = child(parent, last);
        if (!(target instanceof ArrayNode)) {
          target = JsonNodeFactory.instance.arrayNode();
          set(parent, last, target);
        }
        ArrayNode array = (ArrayNode) target;
        if (m.path("i").isInt()) {
          while (array.size() > Math.max(0, m.path("i").asInt())) {
            array.remove(array.size() - 1);
          }
        }
        if (v != null && v.isArray()) {
          array.addAll((ArrayNode) v);
        } else if (v != null) {
          array.add(v);
        }
      }
      case 3 -> remove(parent, last);
      default -> {
        return false;
      }
    }
    return true;
  }

  private static JsonNode child(JsonNode parent, JsonNode key) {
    if (parent.isArray() && key.canConvertToInt()) {
      return parent.get(key.asInt());
    }
    return parent.isObject() ? parent.get(key.asText()) : null;
  }

  private static void set(JsonNode parent, JsonNode key, JsonNode v) {
    if (parent instanceof ObjectNode o) {
      o.set(key.asText(), v);
    } else if (parent instanceof ArrayNode a && key.canConvertToInt()) {
      int i = key.asInt();
      if (i >= 0 && i < a.size()) {
        a.set(i, v);
      } else if (i == a.size()) {
        a.add(v);
      }
    }
  }

  private static void remove(JsonNode parent, JsonNode key) {
    if (parent instanceof ObjectNode o) {
      o.remove(key.asText());
    } else if (parent instanceof ArrayNode a && key.canConvertToInt() && key.asInt() < a.size()) {
      a.remove(key.asInt());
    }
  }

  /** One request as a chat; null when it has no message. */
  private static ChatAccumulator chat(JsonNode request, int index, String session, PathScope s) {
    String text = request.path("message").path("text").asText("");
    if (text.isBlank()) {
      return null;
    }
    String rid = request.path("requestId").asText("r" + index);
    String ts = millis(request.path("timestamp"));
    ChatAccumulator chat =
        new ChatAccumulator(
            "copilot-" + session + "-" + rid, session, text, ts, ASSISTANT, null, null, s);
    ObjectNode message = JsonNodeFactory.instance.objectNode();
    String model = request.path("modelId").asText("");
    if (!model.isEmpty()) {
      message.put("model", model);
    }
    ArrayNode content = message.putArray("content");
    StringBuilder markdown = new StringBuilder();
    StringBuilder thinking = new StringBuilder();
    for (JsonNode item : request.path("response")) {
      String kind = item.path("kind").asText("");
      switch (kind) {
        case "", "markdownContent" -> {
          JsonNode v = item.path("value");
          markdown.append(v.isTextual() ? v.textValue() : v.path("value").asText(""));
        }
        case "thinking" -> thinking.append(item.path("value").asText("")).append("\n\n");
        case "toolInvocationSerialized" -> {
          ObjectNode use = content.addObject();
          use.put("type", "tool_use");
          use.put("id", item.path("toolCallId").asText(rid + "-" + content.size()));
          use.put("name", item.path("toolId").asText("tool"));
          ObjectNode input = use.putObject("input");
          JsonNode said = item.path("invocationMessage");
          input.put(
              "description", said.isTextual() ? said.textValue() : said.path("value").asText(""));
        }
        case "textEditGroup" -> chat.modified(path(item.path("uri")));
        case "codeblockUri" -> {
          if (item.path("isEdit").asBoolean(false)) {
            chat.modified(path(item.path("uri")));
          }
        }
        default -> {} // references, progress, undo stops, MCP notices
      }
    }
    String answer = markdown.toString().isBlank() ? thinking.toString() : markdown.toString();
    if (!answer.isBlank()) {
      content.insert(
          0, JsonNodeFactory.instance.objectNode().put("type", "text").put("text", answer));
    }
    chat.assistantMessage(message, ts);
    for (JsonNode item : request.path("response")) {
      if (item.path("kind").asText("").equals("toolInvocationSerialized")) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("tool_use_id", item.path("toolCallId").asText(""));
        result.put("is_error", !item.path("isComplete").asBoolean(true));
        JsonNode past = item.path("pastTenseMessage");
        result.put("content", past.isTextual() ? past.textValue() : past.path("value").asText(""));
        chat.toolResult(result, null, ts);
      }
    }
    return chat;
  }

  /** A serialized VS Code URI's file path ({@code fsPath}, {@code path}, or a string). */
  private static String path(JsonNode uri) {
    if (uri.isTextual()) {
      try {
        return Path.of(URI.create(uri.textValue())).toString();
      } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
        return uri.textValue();
      }
    }
    return uri.path("fsPath").asText(uri.path("path").asText(null));
  }

  /** The workspace folder {@code workspace.json} names beside {@code chatSessions/}. */
  private static String workspace(Path chatSessions) {
    Path storage = chatSessions == null ? null : chatSessions.getParent();
    if (storage == null) {
      return null;
    }
    Path f = storage.resolve("workspace.json");
    try {
      if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && Files.size(f) < 64 << 10) {
        try (InputStream in = Confinement.open(f, 0)) {
          String folder = JSON.readTree(in).path("folder").asText("");
          return folder.startsWith("file:") ? Path.of(URI.create(folder)).toString() : null;
        }
      }
    } catch (IOException | IllegalArgumentException unreadable) {
      return null; // paths stay as the session wrote them
    }
    return null;
  }

  private static String millis(JsonNode ms) {
    return ms.isNumber() && ms.asLong() > 0 ? Instant.ofEpochMilli(ms.asLong()).toString() : null;
  }
}
