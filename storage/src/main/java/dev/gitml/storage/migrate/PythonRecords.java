package dev.gitml.storage.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.CiResult;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.Feedback;
import dev.gitml.storage.record.Hunk;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.RecordData;
import dev.gitml.storage.record.Timestamps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the Python collector's JSON objects to gitml's records. Field names are the same by design;
 * what differs is made explicit here: timestamps are normalized to ISO-8601 with their offset, and
 * what the Python tool kept inside a record but gitml keeps as records of their own (a chat's
 * {@code related_commit} and {@code user_feedback}, a commit's {@code related_chats}, {@code
 * session_id}, {@code reverted} and {@code ci_result}) becomes link, feedback and CI records.
 */
final class PythonRecords {
  static final String SOURCE = "migrate";

  private PythonRecords() {}

  /** A lite commit from a {@code tracked/commits.jsonl} line. */
  static Commit commit(JsonNode n) {
    String hash = text(n, "hash");
    if (hash == null || !hash.matches("[0-9a-fA-F]{7,64}")) {
      throw new IllegalArgumentException("no commit hash");
    }
    return new Commit(
        hash.toLowerCase(java.util.Locale.ROOT),
        text(n, "message"),
        text(n, "author"),
        timestamp(n, "timestamp"),
        text(n, "branch"),
        strings(n.get("files_changed")),
        integer(n, "insertions"),
        integer(n, "deletions"),
        integer(n, "hour_of_day"),
        text(n, "day_of_week"),
        bool(n, "is_merge"),
        bool(n, "is_initial"),
        n.has("parent_count") ? integer(n, "parent_count") : 1,
        n.hasNonNull("seconds_since_last_commit")
            ? n.get("seconds_since_last_commit").asLong()
            : null);
  }

  /** A full commit from {@code commits/*.json}, with the links it carried. */
  static List<RecordData> commitFull(JsonNode n) {
    Commit c = commit(n);
    List<Hunk> hunks = new ArrayList<>();
    for (JsonNode h : n.path("hunks")) {
      hunks.add(
          new Hunk(
              text(h, "file"),
              text(h, "function"),
              integer(h, "start_line"),
              strings(h.get("lines_added")),
              strings(h.get("lines_removed")),
              strings(h.get("context_before")),
              strings(h.get("context_after")),
              text(h, "change_type")));
    }
    String session = text(n, "session_id");
    List<RecordData> out = new ArrayList<>();
    out.add(c.full(hunks, session, bool(n, "amended"), bool(n, "reverted"), null));
    out.add(c);
    if (session != null) {
      out.add(new Link(Link.Kind.SESSION_COMMIT, session, c.hash(), c.timestamp(), SOURCE));
    }
    for (String chat : strings(n.get("related_chats"))) {
      out.add(new Link(Link.Kind.CHAT_COMMIT, chat, c.hash(), c.timestamp(), SOURCE));
    }
    if (bool(n, "reverted")) {
      String by = text(n, "reverted_by");
      String at = timestamp(n, "reverted_at");
      out.add(
          new Link(
              Link.Kind.REVERTS,
              by == null ? "unknown" : by.toLowerCase(java.util.Locale.ROOT),
              c.hash(),
              at == null ? c.timestamp() : at,
              SOURCE));
    }
    CiResult ci = ciResult(n, c);
    if (ci != null) {
      out.add(ci);
    }
    return out;
  }

  /**
   * The Python tool's {@code ci_result} and {@code ci_details} ({@code update_commit_ci_result}:
   * {@code tests_passed}, {@code tests_failed}, {@code coverage}, {@code duration_seconds}, {@code
   * workflow}, {@code job}, {@code run_id}) as a CI result; null when it recorded none.
   */
  private static CiResult ciResult(JsonNode n, Commit c) {
    String result = text(n, "ci_result");
    if (result == null || !CiResult.RESULTS.contains(result)) {
      return null;
    }
    JsonNode d = n.path("ci_details");
    String at = timestamp(n, "ci_updated_at");
    return new CiResult(
        c.hash(),
        result,
        nullableInt(d, "tests_passed"),
        nullableInt(d, "tests_failed"),
        null,
        d.hasNonNull("coverage") ? d.get("coverage").asDouble() : null,
        d.hasNonNull("duration_seconds") ? d.get("duration_seconds").asDouble() : null,
        null,
        null,
        text(d, "workflow"),
        text(d, "job"),
        blankToNull(text(d, "run_id")),
        null,
        at == null ? c.timestamp() : at,
        SOURCE);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** A chat from {@code chats/<day>/*.json} or a chunk line, with its links and feedback. */
  static List<RecordData> chat(JsonNode n) {
    String id = text(n, "id");
    if (id == null) {
      throw new IllegalArgumentException("chat without an id");
    }
    String ts = timestamp(n, "timestamp");
    List<JsonNode> outputs = new ArrayList<>();
    n.path("tool_outputs").forEach(outputs::add);
    List<RecordData> out = new ArrayList<>();
    out.add(
        new Chat(
            id,
            ts,
            text(n, "session_id"),
            text(n, "query"),
            text(n, "response"),
            strings(n.get("files_referenced")),
            strings(n.get("files_modified")),
            strings(n.get("tools_used")),
            outputs,
            nullableInt(n, "query_tokens"),
            nullableInt(n, "response_tokens"),
            n.hasNonNull("duration_seconds") ? n.get("duration_seconds").asDouble() : null,
            text(n, "assistant") == null ? "claude-code" : text(n, "assistant"),
            text(n, "model"),
            null,
            null,
            null));
    String related = text(n, "related_commit");
    if (related != null) {
      out.add(new Link(Link.Kind.CHAT_COMMIT, id, related, ts, SOURCE));
    }
    JsonNode fb = n.get("user_feedback");
    if (fb != null && !fb.isNull()) {
      Integer rating =
          fb.isNumber()
              ? fb.asInt()
              : fb.path("rating").isNumber() ? fb.path("rating").asInt() : null;
      String comment = fb.isTextual() ? fb.textValue() : text(fb, "comment");
      out.add(new Feedback("chat", id, rating, comment, ts, SOURCE));
    }
    return out;
  }

  /** An action from {@code actions/<day>/*.json}. */
  static Action action(JsonNode n) {
    String id = text(n, "id");
    if (id == null) {
      throw new IllegalArgumentException("action without an id");
    }
    JsonNode context = n.path("context");
    String tool = text(context, "tool");
    if (tool == null) {
      tool = text(n, "action_type");
    }
    JsonNode input = context.get("input");
    if (input != null && input.isObject() && input.has("input") && input.has("tool")) {
      input = input.get("input");
    }
    Long duration = n.hasNonNull("duration_ms") ? n.get("duration_ms").asLong() : null;
    return new Action(
        id,
        timestamp(n, "timestamp"),
        text(n, "session_id"),
        tool,
        text(n, "target"),
        n.hasNonNull("success") ? n.get("success").asBoolean() : null,
        duration,
        input);
  }

  /**
   * Unpacks a data object of the Python tool's chunk lines: a field {@code X} whose {@code
   * _X_compressed} flag is true holds base64 of zlib-deflated UTF-8.
   */
  static ObjectNode inflateFields(ObjectNode data) {
    ObjectNode out = data.deepCopy();
    List<String> flags = new ArrayList<>();
    out.fieldNames()
        .forEachRemaining(
            name -> {
              if (name.startsWith("_") && name.endsWith("_compressed")) {
                flags.add(name);
              }
            });
    for (String flag : flags) {
      String field = flag.substring(1, flag.length() - "_compressed".length());
      if (out.path(flag).asBoolean(false) && out.path(field).isTextual()) {
        out.put(field, ZlibText.inflate(out.get(field).textValue()));
      }
      out.remove(flag);
    }
    return out;
  }

  static String timestamp(JsonNode n, String field) {
    String raw = text(n, field);
    if (raw == null) {
      return null;
    }
    String iso = Timestamps.normalize(raw);
    return iso == null ? raw : iso;
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() ? null : v.isTextual() ? v.textValue() : v.toString();
  }

  static int integer(JsonNode n, String field) {
    return n.path(field).asInt(0);
  }

  static Integer nullableInt(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asInt() : null;
  }

  static boolean bool(JsonNode n, String field) {
    return n.path(field).asBoolean(false);
  }

  static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    if (arr != null && arr.isArray()) {
      for (JsonNode v : arr) {
        if (!v.isNull()) {
          out.add(v.isTextual() ? v.textValue() : v.toString());
        }
      }
    }
    return out;
  }

  static Map<String, Integer> counts(JsonNode obj) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (obj != null && obj.isObject()) {
      obj.properties().iterator().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asInt()));
    } else if (obj != null && obj.isArray()) {
      for (JsonNode v : obj) {
        out.merge(v.asText(), 1, Integer::sum);
      }
    }
    return out;
  }
}
