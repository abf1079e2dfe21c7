package dev.gitml.collector.report;

import dev.gitml.storage.Store;
import dev.gitml.storage.config.Config;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.Run;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The figures of {@code gitml report}: what was collected over time, how far each milestone is,
 * which assistants and models made the chats, how much of the history came from sessions, what the
 * redactor removed, how the file predictor did against its baseline run after run, and the files
 * most often changed together. Read from stored, redacted records only.
 */
public record Dashboard(
    List<Week> weeks,
    List<Progress> milestones,
    Map<String, Long> assistants,
    Map<String, Long> models,
    long commits,
    long commitsFromSessions,
    long chats,
    long chatsWithCommit,
    Map<String, Long> redactions,
    List<Evaluation> evaluations,
    List<Pair> changedTogether,
    Estimate.Result estimate) {

  /** Most pairs of files listed. */
  static final int TOP_PAIRS = 15;

  /** Commits with more files than this say little about which files belong together. */
  static final int MAX_FILES_FOR_PAIRS = 30;

  /** Commits and chats first recorded in the week starting (Monday, UTC) {@code start}. */
  public record Week(String start, long commits, long chats) {}

  /** One milestone: what it needs and what there is, per kind, and when it will be reached. */
  public record Progress(
      String milestone, Map<String, Long> need, Map<String, Long> have, Estimate.Eta eta) {

    /** The share reached (0 to 1) of the kind furthest behind. */
    public double share() {
      double least = 1;
      for (Map.Entry<String, Long> e : need.entrySet()) {
        if (e.getValue() > 0) {
          least = Math.min(least, Math.min(1, (double) have.get(e.getKey()) / e.getValue()));
        }
      }
      return least;
    }
  }

  /** A training run's frozen evaluation: the model's MRR beside the baseline's. */
  public record Evaluation(String finished, String model, double mrr, double baselineMrr, long n) {}

  /** Two files and the number of commits that changed both. */
  public record Pair(String first, String second, long commits) {}

  public static Dashboard of(Store store, java.time.Clock clock) throws IOException {
    TreeMap<LocalDate, long[]> byWeek = new TreeMap<>();
    Map<String, Long> pairs = new HashMap<>();
    Set<String> hashes = new HashSet<>();
    Set<String> replaced = store.replacedKeys();
    store.scan(
        Commit.class,
        r -> {
          Commit c = r.data();
          if (!hashes.add(c.hash()) || replaced.contains(c.hash())) {
            return;
          }
          week(byWeek, r.ts())[0]++;
          if (!c.isMerge()) {
            pairs(c.filesChanged(), pairs);
          }
        });
    Set<String> chatIds = new HashSet<>();
    Map<String, Long> assistants = new TreeMap<>();
    Map<String, Long> models = new TreeMap<>();
    store.scan(
        Chat.class,
        r -> {
          Chat c = r.data();
          if (!chatIds.add(c.id())) {
            return;
          }
          week(byWeek, r.ts())[1]++;
          assistants.merge(c.assistant() == null ? "unknown" : c.assistant(), 1L, Long::sum);
          if (c.model() != null && !c.model().isBlank()) {
            models.merge(c.model(), 1L, Long::sum);
          }
        });
    List<Week> weeks = new ArrayList<>();
    if (!byWeek.isEmpty()) {
      // every week from the first to the last, the quiet ones as zeros: the axis is time
      LocalDate last = byWeek.lastKey();
      for (LocalDate w = byWeek.firstKey(); !w.isAfter(last); w = w.plusWeeks(1)) {
        long[] n = byWeek.getOrDefault(w, new long[2]);
        weeks.add(new Week(w.toString(), n[0], n[1]));
      }
    }
    List<Evaluation> evaluations = new ArrayList<>();
    store.scan(
        Run.class,
        r -> {
          Run run = r.data();
          var m = run.metrics();
          if ("ok".equals(run.status()) && m != null && m.has("mrr") && m.has("baseline_mrr")) {
            evaluations.add(
                new Evaluation(
                    run.finished(),
                    run.model(),
                    m.path("mrr").asDouble(),
                    m.path("baseline_mrr").asDouble(),
                    m.path("n").asLong()));
          }
        });
    evaluations.sort(Comparator.comparing(e -> e.finished() == null ? "" : e.finished()));
    Estimate.Result estimate = Estimate.of(store, clock);
    Linkage linkage = Linkage.of(store);
    return new Dashboard(
        weeks,
        progress(store.config(), estimate),
        assistants,
        models,
        hashes.size() - replaced.stream().filter(hashes::contains).count(),
        linkage.commitsWithSession(),
        chatIds.size(),
        linkage.chatsWithCommit(),
        new TreeMap<>(store.redactionsByRule()),
        evaluations,
        topPairs(pairs),
        estimate);
  }

  /** The share of commits made during an assistant session (0 when there are none). */
  public double sessionShare() {
    return commits == 0 ? 0 : Math.min(1, (double) commitsFromSessions / commits);
  }

  /** The counts of the week of {@code millis}; a record without a time counts in none. */
  private static long[] week(Map<LocalDate, long[]> byWeek, long millis) {
    if (millis <= 0) {
      return new long[2];
    }
    LocalDate day = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
    return byWeek.computeIfAbsent(
        day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), d -> new long[2]);
  }

  private static void pairs(List<String> files, Map<String, Long> pairs) {
    if (files.size() < 2 || files.size() > MAX_FILES_FOR_PAIRS) {
      return;
    }
    List<String> sorted = files.stream().distinct().sorted().toList();
    for (int i = 0; i < sorted.size(); i++) {
      for (int j = i + 1; j < sorted.size(); j++) {
        pairs.merge(sorted.get(i) + "\n" + sorted.get(j), 1L, Long::sum);
      }
    }
  }

  private static List<Pair> topPairs(Map<String, Long> pairs) {
    return pairs.entrySet().stream()
        .filter(e -> e.getValue() > 1)
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP_PAIRS)
        .map(
            e -> {
              String[] two = e.getKey().split("\n", 2);
              return new Pair(two[0], two[1], e.getValue());
            })
        .toList();
  }

  private static List<Progress> progress(Config config, Estimate.Result estimate) {
    List<Progress> out = new ArrayList<>();
    Map<String, Estimate.Eta> etas = new HashMap<>();
    estimate.milestones().forEach(e -> etas.put(e.milestone(), e));
    config
        .milestones()
        .forEach(
            (name, m) -> {
              Map<String, Long> need = new LinkedHashMap<>();
              need.put("commits", (long) m.commits());
              need.put("sessions", (long) m.sessions());
              need.put("chats", (long) m.chats());
              out.add(new Progress(name, need, estimate.have(), etas.get(name)));
            });
    return out;
  }
}
