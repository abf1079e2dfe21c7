package dev.gitml.collector.predict;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What has been worked on lately: each file's touches and each pair's co-changes decayed
 * exponentially with the commits learned since ({@code decayCommits}), the work in progress
 * (touches decayed over a few commits, {@code burstCommits}), touches decayed with the hours before
 * the task ({@code hoursTau}), and the files of the last {@code recentFiles} commits.
 */
final class RecentWork {
  private static final double MILLIS_PER_HOUR = 3_600_000.0;

  private final BlendWeights p;
  private int learned;

  /** Decayed co-change counts; a file's own entry is its decayed touches. */
  private final Map<String, Map<String, Decayed>> pairs = new HashMap<>();

  private final Map<String, Touches> files = new HashMap<>();
  private final ArrayDeque<String[]> recent = new ArrayDeque<>();

  RecentWork(BlendWeights p) {
    this.p = p;
  }

  /** A value that decays with the number of commits learned since it was last updated. */
  private final class Decayed {
    double value;
    int at;

    double now() {
      return value * Math.exp(-(learned - at) / p.decayCommits());
    }

    void add(double v) {
      value = now() + v;
      at = learned;
    }
  }

  /** A file's work in progress and its touches by the hour. */
  private static final class Touches {
    double burst;
    int burstAt;
    double hours;
    long hoursAt;
  }

  /** Learns one more commit, made at {@code millis}, that changed {@code files}. */
  void add(String[] files, long millis) {
    for (String f : files) {
      Touches t = this.files.computeIfAbsent(f, k -> new Touches());
      t.burst = burst(t) + 1;
      t.burstAt = learned;
      t.hours = hours(t, millis) + 1;
      t.hoursAt = Math.max(t.hoursAt, millis);
    }
    learned++;
    for (String a : files) {
      Map<String, Decayed> row = pairs.computeIfAbsent(a, k -> new HashMap<>());
      row.computeIfAbsent(a, k -> new Decayed()).add(1);
      for (String b : files) {
        if (!a.equals(b)) {
          row.computeIfAbsent(b, k -> new Decayed()).add(1);
        }
      }
    }
    recent.addFirst(files);
    while (recent.size() > p.recentFiles()) {
      recent.removeLast();
    }
  }

  /** The files of the last commits, newest first (under the names they had then). */
  Iterable<String[]> lastCommits() {
    return recent;
  }

  /** A file's touches decayed over {@code decayCommits}. */
  double recency(String f) {
    Decayed d = pairs.getOrDefault(f, Map.of()).get(f);
    return d == null ? 0 : d.now();
  }

  /** A file's touches in the last few commits: the work in progress. */
  double burst(String f) {
    Touches t = files.get(f);
    return t == null ? 0 : burst(t);
  }

  /** A file's touches decayed with the hours between them and {@code millis} (0: unknown). */
  double hours(String f, long millis) {
    Touches t = files.get(f);
    return t == null || millis == 0 ? 0 : hours(t, millis);
  }

  /**
   * Decayed co-change with the seeds: each seed's decayed co-changes with a file over its own
   * decayed touches (plus one, so that a seed seen once does not make certainties).
   */
  Map<String, Double> cochange(Set<String> seeds) {
    Map<String, Double> out = new HashMap<>();
    for (String s : seeds) {
      Map<String, Decayed> row = pairs.get(s);
      if (row == null) {
        continue;
      }
      double self = row.get(s).now();
      for (Map.Entry<String, Decayed> e : row.entrySet()) {
        if (!e.getKey().equals(s)) {
          out.merge(e.getKey(), e.getValue().now() / (self + 1), Double::sum);
        }
      }
    }
    return out;
  }

  private double burst(Touches t) {
    return t.burst * Math.exp(-(learned - t.burstAt) / p.burstCommits());
  }

  private double hours(Touches t, long millis) {
    double since = Math.max(0, millis - t.hoursAt) / MILLIS_PER_HOUR;
    return t.hours * Math.exp(-since / p.hoursTau());
  }
}
