package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.foreign.ForeignDatabase;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenCode's SQLite database ({@code ~/.local/share/opencode/opencode.db}, since its 2026 move from
 * the JSON storage tree), read through {@link ForeignDatabase}, read-only:
 *
 * <pre>
 * session  id, project_id, parent_id, directory, title, version, time_created, time_updated, …
 * message  id, session_id, time_created, time_updated, data   (data: the message's info, JSON)
 * part     id, message_id, session_id, time_created, time_updated, data   (data: the part, JSON)
 * </pre>
 *
 * <p>The {@code data} columns hold what the storage tree's files held, without the ids the columns
 * carry; messages and parts are read in id order (OpenCode's ids sort by time), and handed to
 * {@link OpenCodeChats}. Each session is read with two queries (its messages, its parts).
 */
final class OpenCodeDatabase implements SessionDatabase {
  private final ForeignDatabase db;

  OpenCodeDatabase(ForeignDatabase db) {
    this.db = db;
  }

  /** Whether the database has OpenCode's tables. */
  static boolean recognizes(ForeignDatabase db) throws IOException {
    return db.hasTable("session") && db.hasTable("message") && db.hasTable("part");
  }

  @Override
  public String assistant() {
    return OpenCodeChats.ASSISTANT;
  }

  @Override
  public List<Entry> sessions() throws IOException {
    List<Entry> out = new ArrayList<>();
    db.rows(
        "session",
        "id",
        r -> {
          Long updated = r.number("time_updated");
          out.add(new Entry(r.text("id"), updated == null ? 0 : updated, r.text("directory")));
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

  /** One session of the database. */
  private final class Reader implements TranscriptReader {
    private final String id;

    Reader(String id) {
      this.id = id;
    }

    @Override
    public String assistant() {
      return OpenCodeChats.ASSISTANT;
    }

    @Override
    public Reading read(Path file, long offset, PathScope scope, boolean finish, Sink sink)
        throws IOException {
      ObjectNode session = JsonNodeFactory.instance.objectNode();
      db.rowsWhere(
          "session",
          "id",
          id,
          "id",
          r -> {
            session.put("id", r.text("id"));
            session.put("directory", r.text("directory"));
            session.put("parentID", r.text("parent_id"));
            ObjectNode time = session.putObject("time");
            putNumber(time, "created", r.number("time_created"));
            putNumber(time, "updated", r.number("time_updated"));
          });
      if (!session.has("id")) {
        throw new IOException(file + ": no OpenCode session " + id);
      }
      OpenCodeChats chats = new OpenCodeChats(session, scope, sink);
      Map<String, List<JsonNode>> parts = new LinkedHashMap<>();
      db.rowsWhere(
          "part",
          "session_id",
          id,
          "id",
          r -> {
            JsonNode part = data(r, chats);
            if (part != null) {
              parts.computeIfAbsent(r.text("message_id"), k -> new ArrayList<>()).add(part);
            }
          });
      List<JsonNode> messages = new ArrayList<>();
      db.rowsWhere(
          "message",
          "session_id",
          id,
          "id",
          r -> {
            JsonNode info = data(r, chats);
            if (info != null) {
              messages.add(info);
            }
          });
      for (JsonNode info : messages) {
        chats.message(info, parts.getOrDefault(info.path("id").asText(""), List.of()));
      }
      return chats.result(finish);
    }
  }

  /** A row's {@code data} JSON with its {@code id}; null (counted) when it is not an object. */
  private static JsonNode data(ForeignDatabase.Row r, OpenCodeChats chats) {
    String data = r.text("data");
    try {
      JsonNode n = data == null ? null : Mappers.JSON.readTree(data);
      if (n instanceof ObjectNode o) {
        if (!o.has("id")) {
          o.put("id", r.text("id"));
        }
        return o;
      }
    } catch (IOException notJson) {
      // counted below
    }
    chats.garbage();
    return null;
  }

  private static void putNumber(ObjectNode o, String field, Long value) {
    if (value != null) {
      o.put(field, value);
    }
  }
}
