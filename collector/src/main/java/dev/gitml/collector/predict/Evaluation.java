package dev.gitml.collector.predict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Measures file predictors honestly (docs/architecture.md, prediction). Protocols: {@code rolling}
 * asks about each commit knowing only the commits strictly before it; {@code frozen} learns the
 * oldest 80 % and asks about the rest; {@code random} is the Python collector's seeded 80/20
 * shuffle, for comparison with its figures only (it lets the future leak into training). A commit's
 * targets are its files that existed before it (changed by an earlier commit); a commit with none
 * is no query. Queries {@code text} give the message; {@code seed1} also give one of the commit's
 * files (chosen with a fixed seed) and expect the others. Commits over {@code maxFiles} files are
 * left out of training and queries, and counted.
 */
public final class Evaluation {
  public enum Protocol {
    ROLLING,
    FROZEN,
    RANDOM
  }

  public enum Queries {
    TEXT,
    SEED1
  }

  /** How an evaluation runs. */
  public record Setup(Protocol protocol, Queries queries, int maxFiles, long seed) {
    public static Setup rolling(Queries q) {
      return new Setup(Protocol.ROLLING, q, HistoryCommit.MAX_FILES, 42);
    }
  }

  /** The outcome for each model, on the same queries. */
  public record Outcome(Setup setup, int commits, int tooLarge, List<Metrics.Summary> models) {}

  private static final int TOP = 100;

  private Evaluation() {}

  /** Evaluates the models (made fresh by the suppliers) on {@code history}, oldest first. */
  @SafeVarargs
  public static Outcome run(
      List<HistoryCommit> history, Setup setup, Supplier<FilePredictor>... models) {
    List<HistoryCommit> usable = new ArrayList<>();
    Set<HistoryCommit> large =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (HistoryCommit c : history) {
      if (c.files().isEmpty()) {
        continue;
      }
      if (c.files().size() > setup.maxFiles()) {
        large.add(c);
      }
      usable.add(c);
    }
    int tooLarge = large.size();
    List<FilePredictor> predictors = new ArrayList<>();
    List<Metrics> metrics = new ArrayList<>();
    for (Supplier<FilePredictor> s : models) {
      FilePredictor p = s.get();
      predictors.add(p);
      metrics.add(new Metrics(p.name()));
    }
    Random seeds = new Random(setup.seed());
    switch (setup.protocol()) {
      case ROLLING -> {
        Set<String> existing = new HashSet<>();
        for (HistoryCommit c : usable) {
          if (large.contains(c)) {
            predictors.forEach(p -> p.observe(c));
          } else {
            ask(c, existing, setup.queries(), seeds, predictors, metrics);
            predictors.forEach(p -> p.learn(c));
          }
          existing.addAll(c.files());
        }
      }
      case FROZEN, RANDOM -> {
        List<HistoryCommit> order = new ArrayList<>(usable);
        order.removeAll(large);
        if (setup.protocol() == Protocol.RANDOM) {
          Collections.shuffle(order, new Random(setup.seed()));
        }
        int cut = (int) Math.round(order.size() * 0.8);
        Set<HistoryCommit> train =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        train.addAll(order.subList(0, cut));
        long last = train.stream().mapToLong(HistoryCommit::millis).max().orElse(0);
        Set<String> existing = new HashSet<>();
        for (HistoryCommit c : usable) {
          if (train.contains(c)) {
            predictors.forEach(p -> p.learn(c));
            existing.addAll(c.files());
          } else if (large.contains(c) && c.millis() <= last) {
            predictors.forEach(p -> p.observe(c));
            existing.addAll(c.files());
          }
        }
        for (HistoryCommit c : order.subList(cut, order.size())) {
          ask(c, existing, setup.queries(), seeds, predictors, metrics);
        }
      }
      default -> throw new IllegalStateException();
    }
    List<Metrics.Summary> out = new ArrayList<>();
    for (Metrics m : metrics) {
      out.add(m.summary(setup.seed()));
    }
    return new Outcome(setup, usable.size() - tooLarge, tooLarge, out);
  }

  private static void ask(
      HistoryCommit c,
      Set<String> existing,
      Queries queries,
      Random seeds,
      List<FilePredictor> predictors,
      List<Metrics> metrics) {
    List<String> targets = new ArrayList<>();
    for (String f : c.files()) {
      if (existing.contains(f)) {
        targets.add(f);
      }
    }
    List<String> given = List.of();
    if (queries == Queries.SEED1) {
      if (targets.size() < 2) {
        return;
      }
      String seed = targets.get(seeds.nextInt(targets.size()));
      given = List.of(seed);
      targets.remove(seed);
    }
    if (targets.isEmpty()) {
      return;
    }
    FilePredictor.Query q = new FilePredictor.Query(c.message(), given, c.millis());
    for (int i = 0; i < predictors.size(); i++) {
      List<FilePredictor.Ranked> ranked = predictors.get(i).rank(q, TOP);
      metrics.get(i).add(ranked, new HashSet<>(targets));
    }
  }
}
