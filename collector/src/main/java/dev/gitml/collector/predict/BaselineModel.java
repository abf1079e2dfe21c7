package dev.gitml.collector.predict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Python collector's file predictor, rebuilt so every evaluation can show the gain over it on
 * the same queries: the commit type (a conventional-commit prefix such as {@code fix:}, else the
 * first word) mapped to the files commits of that type changed, each message keyword mapped to the
 * files changed with it, a Jaccard co-occurrence boost from the seed files, and a penalty for files
 * that change in every other commit.
 */
public final class BaselineModel implements FilePredictor {
  private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_]{2,}");
  private static final Set<String> STOP =
      Set.of(
          "the", "and", "for", "with", "from", "into", "this", "that", "not", "are", "was", "use",
          "when", "all");

  private final Map<String, Map<String, Integer>> byType = new HashMap<>();
  private final Map<String, Integer> typeTotal = new HashMap<>();
  private final Map<String, Map<String, Integer>> byKeyword = new HashMap<>();
  private final Map<String, Integer> keywordTotal = new HashMap<>();
  private final Map<String, Integer> touches = new HashMap<>();
  private final Map<String, Map<String, Integer>> together = new HashMap<>();
  private int learned;

  @Override
  public String name() {
    return "baseline";
  }

  @Override
  public boolean knows(String file) {
    return touches.containsKey(file);
  }

  @Override
  public void learn(HistoryCommit c) {
    learned++;
    String type = type(c.message());
    Set<String> keywords = keywords(c.message());
    for (String f : c.files()) {
      byType.computeIfAbsent(type, k -> new HashMap<>()).merge(f, 1, Integer::sum);
      touches.merge(f, 1, Integer::sum);
      for (String kw : keywords) {
        byKeyword.computeIfAbsent(kw, k -> new HashMap<>()).merge(f, 1, Integer::sum);
      }
      for (String g : c.files()) {
        if (!g.equals(f)) {
          together.computeIfAbsent(f, k -> new HashMap<>()).merge(g, 1, Integer::sum);
        }
      }
    }
    typeTotal.merge(type, 1, Integer::sum);
    for (String kw : keywords) {
      keywordTotal.merge(kw, 1, Integer::sum);
    }
  }

  @Override
  public List<Ranked> rank(Query q, int top) {
    Map<String, Double> score = new HashMap<>();
    String type = type(q.text());
    Map<String, Integer> t = byType.get(type);
    if (t != null) {
      double total = typeTotal.get(type);
      t.forEach((f, n) -> score.merge(f, 2.0 * n / total, Double::sum));
    }
    for (String kw : keywords(q.text())) {
      Map<String, Integer> k = byKeyword.get(kw);
      if (k != null) {
        double total = keywordTotal.get(kw);
        k.forEach((f, n) -> score.merge(f, n / total, Double::sum));
      }
    }
    score.replaceAll(
        (f, s) -> s / (1 + Math.log1p(touches.getOrDefault(f, 0) * 10.0 / Math.max(1, learned))));
    for (String seed : q.seeds()) {
      Map<String, Integer> with = together.get(seed);
      if (with == null) {
        continue;
      }
      int a = touches.getOrDefault(seed, 0);
      with.forEach(
          (f, n) ->
              score.merge(f, 3.0 * n / (double) (a + touches.getOrDefault(f, 0) - n), Double::sum));
    }
    Set<String> seeds = new HashSet<>(q.seeds());
    List<Ranked> out = new ArrayList<>();
    score.forEach(
        (f, s) -> {
          if (!seeds.contains(f)) {
            out.add(new Ranked(f, s));
          }
        });
    return Ranking.top(out, top);
  }

  /** The conventional-commit type, else the message's first word. */
  static String type(String message) {
    return CommitType.of(message)
        .orElseGet(
            () ->
                message
                    .strip()
                    .split("\\s+", 2)[0]
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z]", ""));
  }

  private static Set<String> keywords(String message) {
    Set<String> out = new HashSet<>();
    Matcher m = WORD.matcher(message.toLowerCase(Locale.ROOT));
    while (m.find()) {
      if (!STOP.contains(m.group())) {
        out.add(m.group());
      }
    }
    return out;
  }
}
