package dev.gitml.storage.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.record.RecordType;
import java.util.List;

/**
 * The tables {@code gitml sql} queries (README, {@code gitml sql}), one entry each: adding a record
 * type's table is an entry here (its name, record type, natural key and columns).
 */
public final class SqlTables {
  private SqlTables() {}

  public static final List<SqlTable> ALL =
      List.of(
          SqlTable.of("commits", RecordType.COMMIT, "hash")
              .text("hash", "timestamp", "author", "branch", "message")
              .integer("insertions", "deletions", "is_merge", "parent_count")
              .json("files_changed")
              .column("time_ms", "INTEGER", SqlTable.Source::ts)
              .build(),
          SqlTable.each("commit_files", RecordType.COMMIT, "hash", "files_changed")
              .text("hash")
              .column("file", "TEXT", s -> SqlTable.scalar(s.element()))
              .build(),
          SqlTable.each("hunks", RecordType.COMMIT_FULL, "hash", "hunks")
              .text("hash")
              .column("seq", "INTEGER", SqlTable.Source::index)
              .element("TEXT", "file", "change_type", "function")
              .element("INTEGER", "start_line")
              .column("lines_added", "INTEGER", s -> size(s.element().get("lines_added")))
              .column("lines_removed", "INTEGER", s -> size(s.element().get("lines_removed")))
              .column("added", "TEXT", s -> lines(s.element().get("lines_added")))
              .column("removed", "TEXT", s -> lines(s.element().get("lines_removed")))
              .build(),
          SqlTable.of("chats", RecordType.CHAT, "id")
              .text("id", "session_id", "timestamp", "assistant", "model", "query", "response")
              .text("agent_id", "agent_type")
              .integer("query_tokens", "response_tokens")
              .real("duration_seconds")
              .json("tools_used", "files_modified", "files_referenced")
              .column("time_ms", "INTEGER", SqlTable.Source::ts)
              .build(),
          SqlTable.each("steps", RecordType.CHAT, "id", "steps")
              .column("chat_id", "TEXT", s -> SqlTable.scalar(s.data().get("id")))
              .column("seq", "INTEGER", SqlTable.Source::index)
              .element("TEXT", "kind", "timestamp", "text", "tool", "call_id", "output", "agent_id")
              .element("JSON", "arguments")
              .element("INTEGER", "success")
              .build(),
          SqlTable.of("sessions", RecordType.SESSION, "session_id")
              .text("session_id", "started", "ended", "assistant", "cwd", "branch", "summary")
              .integer("chats")
              .json("tools_used", "files", "commits", "chat_ids")
              .build(),
          SqlTable.of("actions", RecordType.ACTION, "id")
              .text("id", "session_id", "timestamp", "tool", "target")
              .integer("success", "duration_ms")
              .json("input")
              .build(),
          SqlTable.of("links", RecordType.LINK, null)
              .text("kind")
              .column("from_id", "TEXT", s -> SqlTable.scalar(s.data().get("from")))
              .column("to_id", "TEXT", s -> SqlTable.scalar(s.data().get("to")))
              .text("timestamp", "source")
              .build(),
          SqlTable.of("feedback", RecordType.FEEDBACK, null)
              .text("target_type", "target_id")
              .integer("rating")
              .text("comment", "timestamp", "source")
              .build(),
          SqlTable.of("ci", RecordType.CI, null)
              .column("hash", "TEXT", s -> SqlTable.scalar(s.data().get("commit")))
              .text("result", "message", "provider", "workflow", "job", "run_id")
              .integer("tests_passed", "tests_failed", "tests_skipped")
              .real("coverage")
              .real("duration_seconds")
              .json("failures")
              .text("timestamp", "source")
              .build(),
          SqlTable.of("pull_requests", RecordType.PULL_REQUEST, "number")
              .integer("number")
              .text("title", "body", "state", "url", "author", "created_at", "merged_at")
              .text("closed_at", "head_ref", "base_ref")
              .json("labels", "commits", "closes")
              .build(),
          SqlTable.of("issues", RecordType.ISSUE, "number")
              .integer("number")
              .text("title", "body", "state", "url", "author", "created_at", "closed_at")
              .json("labels")
              .build());

  private static Object size(JsonNode array) {
    return array == null || !array.isArray() ? 0 : array.size();
  }

  private static Object lines(JsonNode array) {
    if (array == null || !array.isArray()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode l : array) {
      sb.append(l.asText()).append('\n');
    }
    return sb.toString();
  }
}
