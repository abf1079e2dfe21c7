package dev.gitml.collector.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.predict.CoChange;
import dev.gitml.collector.predict.CommitType;
import dev.gitml.collector.predict.History;
import dev.gitml.collector.predict.HistoryCommit;
import dev.gitml.storage.Store;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.json.Mappers;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Aggregates that are safe to publish ({@code .git-ml/shared/}): counts and distributions, file
 * paths and tool names, never a prompt, a response, a message or a line of code. {@code
 * summary.json}, {@code commit_patterns.json}, {@code file_correlations.json}, {@code
 * tool_effectiveness.json}.
 */
public final class Patterns {
  private static final ObjectMapper JSON = Mappers.JSON;
  private static final int TOP_PAIRS = 50;

  private Patterns() {}

  /** The aggregates by file name. */
  public static Map<String, ObjectNode> of(Store store) throws IOException {
    List<HistoryCommit> commits = History.of(store);
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    ObjectNode summary = JSON.createObjectNode();
    Map<String, Store.StreamStats> stats = store.stats();
    for (RecordType t : RecordType.values()) {
      summary
          .withObjectProperty("counts")
          .put(
              t.stream(),
              stats.get(t.stream()).keys() > 0
                  ? stats.get(t.stream()).keys()
                  : stats.get(t.stream()).records());
    }
    if (!commits.isEmpty()) {
      summary.put("first", Timestamps.iso(commits.get(0).millis()));
      summary.put("last", Timestamps.iso(commits.get(commits.size() - 1).millis()));
    }
    Map<String, Integer> extensions = new TreeMap<>();
    commits.forEach(c -> c.files().forEach(f -> extensions.merge(extension(f), 1, Integer::sum)));
    extensions.forEach(summary.withObjectProperty("file_changes_by_extension")::put);
    out.put("summary.json", summary);

    ObjectNode cp = JSON.createObjectNode();
    Map<String, Integer> types = new TreeMap<>();
    int[] hours = new int[24];
    Map<String, Integer> days = new LinkedHashMap<>();
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (HistoryCommit c : commits) {
      types.merge(CommitType.of(c.message()).orElse("(none)"), 1, Integer::sum);
      var at = Instant.ofEpochMilli(c.millis()).atZone(ZoneOffset.UTC);
      hours[at.getHour()]++;
      days.merge(at.getDayOfWeek().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
      int n = c.files().size();
      // the last two buckets split at HistoryCommit.MAX_FILES: the commits the predictor leaves out
      sizes.merge(
          n <= 1 ? "1" : n <= 3 ? "2-3" : n <= 10 ? "4-10" : n <= 30 ? "11-30" : "31+",
          1,
          Integer::sum);
    }
    types.forEach(cp.withObjectProperty("commit_types")::put);
    var h = cp.putArray("commits_by_utc_hour");
    for (int v : hours) {
      h.add(v);
    }
    days.forEach(cp.withObjectProperty("commits_by_day")::put);
    sizes.forEach(cp.withObjectProperty("files_per_commit")::put);
    out.put("commit_patterns.json", cp);

    out.put("file_correlations.json", correlations(commits));

    Map<String, long[]> tools = new TreeMap<>(); // uses, successes, known outcome, ms total, ms n
    store.scan(
        Action.class,
        r -> {
          Action a = r.data();
          long[] t = tools.computeIfAbsent(a.tool() == null ? "?" : a.tool(), k -> new long[5]);
          t[0]++;
          if (a.success() != null) {
            t[2]++;
            t[1] += a.success() ? 1 : 0;
          }
          if (a.durationMs() != null) {
            t[3] += a.durationMs();
            t[4]++;
          }
        });
    ObjectNode te = JSON.createObjectNode();
    tools.forEach(
        (name, t) ->
            te.putObject(name)
                .put("uses", t[0])
                .put("success_rate", t[2] == 0 ? null : Math.round(1000.0 * t[1] / t[2]) / 1000.0)
                .put("mean_ms", t[4] == 0 ? null : t[3] / t[4]));
    out.put("tool_effectiveness.json", te);
    return out;
  }

  /** The pairs of files changed together most often (at least 3 times), with their Jaccard. */
  static ObjectNode correlations(List<HistoryCommit> commits) {
    List<HistoryCommit> counted = new ArrayList<>(commits);
    counted.removeIf(c -> c.files().size() > HistoryCommit.MAX_FILES);
    CoChange counts = CoChange.of(counted);
    Map<String, Integer> pairs = new HashMap<>();
    for (String f : counts.files()) {
      counts
          .partners(f)
          .forEach(
              (g, both) -> {
                if (f.compareTo(g) < 0) {
                  pairs.put(f + "\n" + g, both);
                }
              });
    }
    List<Map.Entry<String, Integer>> top = new ArrayList<>(pairs.entrySet());
    top.removeIf(e -> e.getValue() < 3);
    top.sort(
        Map.Entry.<String, Integer>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey()));
    ObjectNode fc = JSON.createObjectNode();
    var arr = fc.putArray("pairs");
    for (Map.Entry<String, Integer> e : top.subList(0, Math.min(TOP_PAIRS, top.size()))) {
      String[] ab = e.getKey().split("\n", 2);
      int union = counts.touches(ab[0]) + counts.touches(ab[1]) - e.getValue();
      arr.addObject()
          .put("a", ab[0])
          .put("b", ab[1])
          .put("together", e.getValue())
          .put("jaccard", Math.round(1000.0 * e.getValue() / union) / 1000.0);
    }
    return fc;
  }

  /** Writes the aggregates into {@code dir}, each file whole. */
  public static void write(Map<String, ObjectNode> patterns, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, ObjectNode> e : patterns.entrySet()) {
      AtomicFiles.write(dir.resolve(e.getKey()), Mappers.pretty().writeValueAsBytes(e.getValue()));
    }
  }

  private static String extension(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? "(none)" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
