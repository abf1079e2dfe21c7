package dev.gitml.collector.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.gitml.collector.report.Ratings;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.RecordType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Training examples read from a store, one task at a time, in stored order: each chat, commit
 * and full commit once (amended commits as their newest version), merges and empty texts left
 * out, the time window and the rating threshold applied.
 */
final class Examples {
  /** Longest diff given as a commit-message input, in characters. */
  static final int MAX_DIFF = 8_000;

  /** Receives examples. */
  @FunctionalInterface
  interface Sink {
    void accept(Example e) throws IOException;
  }

  /** What to take: a time window (epoch ms, inclusive; 0 for open) and a minimum rating. */
  record Filter(long since, long until, Integer minRating, long seed) {
    boolean inWindow(long ts) {
      return (since == 0 || ts >= since) && (until == 0 || ts <= until);
    }
  }

  private Examples() {}

  static void chats(Store store, Filter f, Sink out) throws IOException {
    Map<String, JsonNode> ratings = f.minRating() == null ? Map.of() : Ratings.latest(store);
    Once once = new Once(store, RecordType.CHAT);
    store.scan(RecordType.CHAT, r -> {
      JsonNode d = r.data();
      String id = d.path("id").asText();
      String query = d.path("query").asText("");
      String response = d.path("response").asText("");
      if (query.isBlank() || response.isBlank() || !f.inWindow(r.ts()) || !once.first(id)) {
        return;
      }
      if (f.minRating() != null) {
        JsonNode rating = ratings.getOrDefault(id, MissingNode.getInstance()).path("rating");
        if (!rating.isNumber() || rating.asInt() < f.minRating()) {
          return;
        }
      }
      String session = d.path("session_id").asText("");
      out.accept(new Example("chat", d.path("timestamp").asText(null), query, response,
          files(d.path("files_modified")), strings(d.path("tools_used")),
          Splits.bySession(session.isEmpty() ? id : session, f.seed())));
    });
  }

  static void commitMessages(Store store, Filter f, Sink out) throws IOException {
    commits(store, RecordType.COMMIT_FULL, f, (d, split) -> out.accept(new Example(
        "commit-message", d.path("timestamp").asText(null), diff(d.path("hunks")),
        d.path("message").asText("").stripTrailing(), files(d.path("files_changed")),
        List.of(), split)));
  }

  static void filePredictions(Store store, Filter f, Sink out) throws IOException {
    commits(store, RecordType.COMMIT, f, (d, split) -> {
      List<String> files = files(d.path("files_changed"));
      if (!files.isEmpty()) {
        out.accept(new Example("file-prediction", d.path("timestamp").asText(null),
            d.path("message").asText("").stripTrailing(), String.join("\n", files), files,
            List.of(), split));
      }
    });
  }

  /** Receives a commit's data and its split. */
  @FunctionalInterface
  private interface CommitSink {
    void accept(JsonNode data, String split) throws IOException;
  }

  private static void commits(Store store, RecordType type, Filter f, CommitSink out)
      throws IOException {
    Set<String> replaced = store.index().replacedKeys();
    Splits.Chronological split = new Splits.Chronological(
        percentile(store, type, 0.8), percentile(store, type, 0.9));
    Once once = new Once(store, type);
    store.scan(type, r -> {
      JsonNode d = r.data();
      String hash = d.path("hash").asText();
      if (d.path("is_merge").asBoolean(false) || replaced.contains(hash)
          || d.path("message").asText("").isBlank() || !f.inWindow(r.ts()) || !once.first(hash)) {
        return;
      }
      out.accept(d, split.of(r.ts()));
    });
  }

  /**
   * Lets each natural key (commit hash, chat id) through once. Only keys that more than one
   * record carries (a commit captured on two branches, a chat stored again when it grew) are
   * remembered, so memory stays flat however many records there are.
   */
  private static final class Once {
    private final Set<String> repeated;
    private final Set<String> seen = new HashSet<>();

    Once(Store store, RecordType type) throws IOException {
      repeated = new HashSet<>(store.index().query("SELECT key FROM records WHERE stream = '"
          + type.stream() + "' AND key IS NOT NULL GROUP BY key HAVING count(*) > 1",
          rs -> rs.getString(1)));
    }

    boolean first(String key) {
      return !repeated.contains(key) || seen.add(key);
    }
  }

  /** The time below which a share {@code q} of a stream's records lie (read in SQLite). */
  private static long percentile(Store store, RecordType type, double q) throws IOException {
    String where = " FROM records WHERE stream = '" + type.stream() + "'";
    long n = store.index().query("SELECT count(*)" + where, rs -> rs.getLong(1)).get(0);
    if (n == 0) {
      return Long.MAX_VALUE;
    }
    long k = Math.min(n - 1, (long) (n * q));
    return store.index().query("SELECT ts" + where + " ORDER BY ts LIMIT 1 OFFSET " + k,
        rs -> rs.getLong(1)).get(0);
  }

  /** A full commit's hunks as a unified-diff-like text, bounded to {@link #MAX_DIFF}. */
  static String diff(JsonNode hunks) {
    StringBuilder sb = new StringBuilder();
    String file = null;
    for (JsonNode h : hunks) {
      if (DataDir.isDataPath(h.path("file").asText())) {
        continue; // gitml's own data, committed by an earlier gitml: no part of the change
      }
      if (!h.path("file").asText().equals(file)) {
        file = h.path("file").asText();
        sb.append("--- ").append(file).append('\n');
      }
      sb.append("@@ ").append(h.path("start_line").asInt()).append(' ')
          .append(h.path("function").asText("")).append('\n');
      h.path("context_before").forEach(l -> sb.append(' ').append(l.asText()).append('\n'));
      h.path("lines_removed").forEach(l -> sb.append('-').append(l.asText()).append('\n'));
      h.path("lines_added").forEach(l -> sb.append('+').append(l.asText()).append('\n'));
      h.path("context_after").forEach(l -> sb.append(' ').append(l.asText()).append('\n'));
      if (sb.length() > MAX_DIFF) {
        return sb.substring(0, MAX_DIFF) + "\n[diff cut at " + MAX_DIFF + " characters]";
      }
    }
    return sb.toString();
  }

  /** A record's file list without gitml's own data paths (an earlier gitml committed them). */
  private static List<String> files(JsonNode array) {
    List<String> out = strings(array);
    out.removeIf(DataDir::isDataPath);
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
