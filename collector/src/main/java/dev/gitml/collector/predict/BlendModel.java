package dev.gitml.collector.predict;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * gitml's file predictor: a blend of
 *
 * <ul>
 *   <li>BM25 over one document per file: the messages of the commits that touched it;
 *   <li>the file's path words matching the task's words (idf-weighted);
 *   <li>nearest past commits: BM25 between the task and each past message, the files of the best
 *       {@code k} commits scored by their similarity (bug-localisation style) ({@link Bm25Index});
 *   <li>recent activity: touches decayed exponentially with the number of commits since, and with
 *       the hours between them and the task (work resumed within the hour);
 *   <li>co-change with the files already being changed, decayed the same way ({@link RecentWork});
 *   <li>and their Jaccard co-change over the whole history (pairs that always change together,
 *       however long ago) ({@link CoChange});
 *   <li>files named like them (their tests, names mostly of the same words) ({@link Names}).
 * </ul>
 *
 * Files are followed across moves ({@link Moves}). Each signal is scaled to [0, 1] over the
 * candidates (the shares already are) and the signals are summed with weights ({@link
 * BlendWeights}). Everything is incremental: learning a commit updates counts, so a rolling
 * evaluation costs one pass over the history.
 */
public final class BlendModel implements FilePredictor {
  private final BlendWeights p;
  private final Moves moves = new Moves();
  private final Bm25Index index = new Bm25Index();
  private final RecentWork recent;
  private final CoChange together = new CoChange();
  private final Names names = new Names(index.files(), moves);

  public BlendModel() {
    this(BlendWeights.DEFAULT);
  }

  public BlendModel(BlendWeights weights) {
    this.p = weights;
    this.recent = new RecentWork(weights);
  }

  @Override
  public String name() {
    return "blend";
  }

  public BlendWeights weights() {
    return p;
  }

  @Override
  public void observe(HistoryCommit c) {
    moves.track(c.files());
  }

  @Override
  public boolean knows(String file) {
    return moves.withOldNames(file).stream().anyMatch(index.files()::contains);
  }

  @Override
  public void learn(HistoryCommit c) {
    moves.track(c.files());
    String[] fs = c.files().toArray(String[]::new);
    index.add(fs, Tokens.of(c.message()));
    recent.add(fs, c.millis());
    together.add(c.files());
  }

  /** The signals of a query, each by candidate file under its current path. */
  private record Signals(
      Map<String, Double> bm25,
      Map<String, Double> path,
      Map<String, Double> knn,
      Map<String, Double> seedKnn,
      Map<String, Double> cochange,
      Map<String, Double> jaccard,
      Map<String, Double> stems,
      Map<String, Double> siblings,
      Map<String, Double> namedAlike) {}

  @Override
  public List<Ranked> rank(Query q, int top) {
    Map<String, Integer> query = Bm25Index.counts(Tokens.of(q.text()));
    Set<String> seeds = new HashSet<>();
    q.seeds().forEach(s -> seeds.addAll(moves.withOldNames(s)));
    Signals sig =
        new Signals(
            moves.current(index.files(query)),
            index.paths(query, moves),
            moves.current(index.neighbours(query, null, p.neighbours(), p.decayCommits())),
            seeds.isEmpty()
                ? Map.of()
                : moves.current(index.neighbours(query, seeds, p.neighbours(), p.decayCommits())),
            moves.current(recent.cochange(seeds)),
            moves.current(together.jaccard(seeds)),
            names.stemMatch(q.text()),
            names.siblings(new HashSet<>(q.seeds())),
            names.namedAlike(q.seeds()));
    Set<String> candidates = candidates(sig, seeds);
    return Ranking.top(blend(sig, candidates, !seeds.isEmpty(), q.millis()), top);
  }

  /** Every file a signal speaks for, and the files of the last commits; not a seed, not moved. */
  private Set<String> candidates(Signals sig, Set<String> seeds) {
    Set<String> candidates = new LinkedHashSet<>();
    candidates.addAll(sig.stems().keySet());
    candidates.addAll(sig.siblings().keySet());
    candidates.addAll(sig.bm25().keySet());
    candidates.addAll(sig.path().keySet());
    candidates.addAll(sig.knn().keySet());
    candidates.addAll(sig.seedKnn().keySet());
    candidates.addAll(sig.cochange().keySet());
    candidates.addAll(sig.jaccard().keySet());
    for (String[] fs : recent.lastCommits()) {
      for (String f : fs) {
        candidates.add(moves.current(f));
      }
    }
    candidates.addAll(sig.namedAlike().keySet());
    candidates.removeAll(seeds);
    candidates.removeIf(moves::isMoved);
    return candidates;
  }

  /** The weighted sum of the signals for each candidate. */
  private List<Ranked> blend(Signals sig, Set<String> candidates, boolean seeded, long millis) {
    Map<String, Double> recency = new HashMap<>();
    Map<String, Double> bursts = new HashMap<>();
    Map<String, Double> lately = new HashMap<>();
    for (String f : candidates) {
      double r = 0;
      double b = 0;
      double h = 0;
      for (String name : moves.withOldNames(f)) {
        r += recent.recency(name);
        b += recent.burst(name);
        h += recent.hours(name, millis);
      }
      lately.put(f, Math.min(1, h));
      recency.put(f, r);
      bursts.put(f, b);
    }
    double mb = max(sig.bm25(), candidates);
    double mp = max(sig.path(), candidates);
    double mk = max(sig.knn(), candidates);
    double mks = max(sig.seedKnn(), candidates);
    double mr = max(recency, candidates);
    double mc = max(sig.cochange(), candidates);
    double ms = max(sig.stems(), candidates);
    double mg = max(sig.siblings(), candidates);
    double mu = max(bursts, candidates);
    // with files already being changed, what changes with them matters more than what is recent
    double activity = seeded ? p.seeded() : 1;
    List<Ranked> out = new ArrayList<>(candidates.size());
    for (String f : candidates) {
      double s =
          p.bm25() * sig.bm25().getOrDefault(f, 0.0) / mb
              + p.path() * sig.path().getOrDefault(f, 0.0) / mp
              + p.knn() * sig.knn().getOrDefault(f, 0.0) / mk
              + p.knn() * sig.seedKnn().getOrDefault(f, 0.0) / mks
              + activity * p.recency() * recency.getOrDefault(f, 0.0) / mr
              + p.cochange() * sig.cochange().getOrDefault(f, 0.0) / mc
              + p.stem() * sig.stems().getOrDefault(f, 0.0) / ms
              + p.sibling() * sig.siblings().getOrDefault(f, 0.0) / mg
              + activity * p.burst() * bursts.getOrDefault(f, 0.0) / mu
              // a share in [0, 1], not scaled to the best candidate: weak evidence stays weak
              + p.jaccard() * sig.jaccard().getOrDefault(f, 0.0)
              + p.namedAlike() * sig.namedAlike().getOrDefault(f, 0.0)
              + activity * p.hours() * lately.get(f);
      out.add(new Ranked(f, s));
    }
    return out;
  }

  /** The largest value among the candidates, 1 if none (so that dividing by it is safe). */
  private static double max(Map<String, Double> m, Collection<String> keys) {
    double max = 0;
    for (String k : keys) {
      max = Math.max(max, m.getOrDefault(k, 0.0));
    }
    return max == 0 ? 1 : max;
  }
}
