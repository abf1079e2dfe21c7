package dev.gitml.storage.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.record.Session;
import dev.gitml.storage.record.Timestamps;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Python collector described one session in up to three places (a line of {@code
 * tracked/sessions.jsonl}, a {@code sessions/*.json} file, lines of {@code
 * tracked/orchestration.jsonl}); gitml keeps one session record, merged from all of them in a fixed
 * order, so that a second migration produces the same records.
 */
final class SessionMerger {
  private final Map<String, Draft> drafts = new TreeMap<>();

  private static final class Draft {
    String started;
    String ended;
    Integer chats;
    final Map<String, Integer> tools = new TreeMap<>();
    final Set<String> files = new LinkedHashSet<>();
    final Set<String> chatIds = new LinkedHashSet<>();
    final List<String> queries = new ArrayList<>();
    String summary;
    JsonNode orchestration;
    String orchestrationAt;
  }

  /** A line of {@code tracked/sessions.jsonl}, or a chunk line's session data. */
  void addSummary(JsonNode n) {
    String id = PythonRecords.text(n, "session_id");
    if (id == null) {
      id = PythonRecords.text(n, "id");
    }
    if (id == null) {
      throw new IllegalArgumentException("session without a session_id");
    }
    Draft d = drafts.computeIfAbsent(id, k -> new Draft());
    String started = PythonRecords.timestamp(n, "timestamp");
    if (started == null) {
      started = PythonRecords.timestamp(n, "started_at");
    }
    d.started = earliest(d.started, started);
    if (started != null && n.hasNonNull("duration_seconds")) {
      long end = Timestamps.millisOrZero(started) + n.get("duration_seconds").asLong() * 1000;
      d.ended = latest(d.ended, Timestamps.iso(end));
    }
    d.ended = latest(d.ended, PythonRecords.timestamp(n, "ended_at"));
    if (n.has("exchanges")) {
      d.chats = Math.max(d.chats == null ? 0 : d.chats, n.get("exchanges").asInt());
    }
    PythonRecords.counts(n.get("tools_used")).forEach((k, v) -> d.tools.merge(k, v, Math::max));
    d.files.addAll(PythonRecords.strings(n.get("files_referenced")));
    d.files.addAll(PythonRecords.strings(n.get("files_modified")));
    d.chatIds.addAll(PythonRecords.strings(n.get("chat_ids")));
    for (String q : PythonRecords.strings(n.get("queries"))) {
      if (!d.queries.contains(q)) {
        d.queries.add(q);
      }
    }
    if (PythonRecords.text(n, "summary") != null) {
      d.summary = PythonRecords.text(n, "summary");
    }
  }

  /** A line of {@code tracked/orchestration.jsonl}: the latest extraction wins. */
  void addOrchestration(JsonNode n) {
    String id = PythonRecords.text(n, "session_id");
    if (id == null) {
      throw new IllegalArgumentException("orchestration line without a session_id");
    }
    Draft d = drafts.computeIfAbsent(id, k -> new Draft());
    String at = PythonRecords.text(n, "extracted_at");
    if (d.orchestration == null
        || (at != null && (d.orchestrationAt == null || at.compareTo(d.orchestrationAt) >= 0))) {
      d.orchestration = n;
      d.orchestrationAt = at;
    }
  }

  List<Session> sessions() {
    List<Session> out = new ArrayList<>();
    drafts.forEach(
        (id, d) -> {
          Integer chats = d.chats != null ? d.chats : d.chatIds.isEmpty() ? null : d.chatIds.size();
          out.add(
              new Session(
                  id,
                  d.started,
                  d.ended,
                  "claude-code",
                  null,
                  null,
                  chats,
                  d.tools,
                  new ArrayList<>(d.files),
                  List.of(),
                  new ArrayList<>(d.chatIds),
                  d.queries,
                  d.summary,
                  d.orchestration));
        });
    return out;
  }

  private static String earliest(String a, String b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return Timestamps.millisOrZero(b) < Timestamps.millisOrZero(a) ? b : a;
  }

  private static String latest(String a, String b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return Timestamps.millisOrZero(b) > Timestamps.millisOrZero(a) ? b : a;
  }
}
