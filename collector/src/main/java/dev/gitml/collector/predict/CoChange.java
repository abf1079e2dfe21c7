package dev.gitml.collector.predict;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How often each file changed, and each pair of files changed in the same commit, over a whole
 * history, undecayed. One count behind the predictor's Jaccard co-change, the commit-time
 * suggestion table and the published file correlations. Callers leave out commits over {@link
 * HistoryCommit#MAX_FILES} (they would add all their n² pairs) before counting.
 */
public final class CoChange {
  private final Map<String, Integer> touches = new HashMap<>();
  private final Map<String, Map<String, Integer>> together = new HashMap<>();

  /** The counts of {@code commits}, each counted as given. */
  public static CoChange of(List<HistoryCommit> commits) {
    CoChange counts = new CoChange();
    commits.forEach(c -> counts.add(c.files()));
    return counts;
  }

  /** Counts one more commit that changed {@code files} (each once). */
  public void add(List<String> files) {
    for (String a : files) {
      touches.merge(a, 1, Integer::sum);
      Map<String, Integer> row = together.computeIfAbsent(a, k -> new HashMap<>());
      for (String b : files) {
        if (!a.equals(b)) {
          row.merge(b, 1, Integer::sum);
        }
      }
    }
  }

  /** The files counted. */
  public Set<String> files() {
    return Collections.unmodifiableSet(touches.keySet());
  }

  /** The commits that changed {@code file}. */
  public int touches(String file) {
    return touches.getOrDefault(file, 0);
  }

  /** The files changed with {@code file} and in how many commits each, without itself. */
  public Map<String, Integer> partners(String file) {
    Map<String, Integer> row = together.get(file);
    return row == null ? Map.of() : Collections.unmodifiableMap(row);
  }

  /**
   * The Jaccard co-change of each file with the seeds, summed over the seeds: commits that changed
   * both over commits that changed either, with one more in the denominator so that a single shared
   * commit of two rarely changed files is not taken for certainty.
   */
  Map<String, Double> jaccard(Set<String> seeds) {
    Map<String, Double> out = new HashMap<>();
    for (String s : seeds) {
      int a = touches(s);
      partners(s)
          .forEach(
              (f, both) -> out.merge(f, both / (double) (a + touches(f) - both + 1), Double::sum));
    }
    return out;
  }
}
