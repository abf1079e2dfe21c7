package dev.gitml.collector.predict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * The commits' messages indexed two ways for BM25 (Robertson and Zaragoza, "The Probabilistic
 * Relevance Framework: BM25 and Beyond", 2009): one document per file (the messages of the commits
 * that touched it), and one per past commit, for its nearest neighbours (bug-localisation style);
 * and each file's path words, for an idf-weighted match.
 */
final class Bm25Index {
  /**
   * BM25's term-frequency saturation and length normalisation: the usual values (others were tried
   * without gain, README "Known limits").
   */
  private static final double K1 = 1.2;

  private static final double B = 0.75;

  /** What a past commit that changed a seed gets on top of its similarity. */
  private static final double SEED_FLOOR = 0.5;

  /** Past commits age over this many times the blend's {@code decayCommits}. */
  private static final double AGE_FACTOR = 20;

  // files as documents
  private final Map<String, Integer> fileLength = new HashMap<>();
  private final Map<String, Map<String, Integer>> fileTerms = new HashMap<>();
  private long fileTermTotal;
  private final Map<String, Set<String>> pathTerms = new HashMap<>();
  // commits as documents
  private final List<String[]> commitFiles = new ArrayList<>();
  private final List<Integer> commitLength = new ArrayList<>();
  private final Map<String, List<Integer>> commitsOf = new HashMap<>();
  private final Map<String, Map<Integer, Integer>> commitTerms = new HashMap<>();
  private long commitTermTotal;

  /** Indexes one more commit: its message's terms, under each of its files and under itself. */
  void add(String[] files, List<String> terms) {
    Map<String, Integer> tf = counts(terms);
    for (String f : files) {
      if (!fileLength.containsKey(f)) {
        pathTerms.put(f, new HashSet<>(Tokens.of(f)));
      }
      fileLength.merge(f, terms.size(), Integer::sum);
      fileTermTotal += terms.size();
      for (Map.Entry<String, Integer> e : tf.entrySet()) {
        fileTerms
            .computeIfAbsent(e.getKey(), k -> new HashMap<>())
            .merge(f, e.getValue(), Integer::sum);
      }
    }
    int index = commitFiles.size();
    commitFiles.add(files);
    for (String f : files) {
      commitsOf.computeIfAbsent(f, k -> new ArrayList<>()).add(index);
    }
    commitLength.add(terms.size());
    commitTermTotal += terms.size();
    for (Map.Entry<String, Integer> e : tf.entrySet()) {
      commitTerms.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(index, e.getValue());
    }
  }

  /** The files indexed (a live view). */
  Set<String> files() {
    return Collections.unmodifiableSet(fileLength.keySet());
  }

  /** BM25 of the query against each file's document. */
  Map<String, Double> files(Map<String, Integer> query) {
    return bm25(query, fileTerms, fileLength.size(), fileTermTotal, fileLength::get);
  }

  /** The query's words in each file's path, each weighted by its idf over the paths. */
  Map<String, Double> paths(Map<String, Integer> query, Moves moves) {
    Map<String, Double> out = new HashMap<>();
    if (query.isEmpty()) {
      return out;
    }
    int n = Math.max(1, fileLength.size());
    Map<String, Integer> df = new HashMap<>();
    for (Set<String> terms : pathTerms.values()) {
      for (String t : query.keySet()) {
        if (terms.contains(t)) {
          df.merge(t, 1, Integer::sum);
        }
      }
    }
    for (Map.Entry<String, Set<String>> e : pathTerms.entrySet()) {
      if (moves.isMoved(e.getKey())) {
        continue;
      }
      double s = 0;
      for (String t : query.keySet()) {
        if (e.getValue().contains(t)) {
          s += Math.log(1 + (double) n / df.get(t));
        }
      }
      if (s > 0) {
        out.put(e.getKey(), s);
      }
    }
    return out;
  }

  /**
   * Files of the {@code k} past commits most similar to the task, each commit's similarity shared
   * by its files and decayed with its age; with {@code seeds}, only commits that changed one of
   * them count (similar work on the same files), the others' similarity as a small floor so that a
   * seed's recent commits still speak when the words do not match.
   */
  Map<String, Double> neighbours(
      Map<String, Integer> query, Set<String> seeds, int k, double decayCommits) {
    Map<Integer, Double> sims =
        bm25(query, commitTerms, commitFiles.size(), commitTermTotal, commitLength::get);
    if (seeds != null) {
      Map<Integer, Double> withSeed = new HashMap<>();
      for (String seed : seeds) {
        for (int at : commitsOf.getOrDefault(seed, List.of())) {
          withSeed.put(at, sims.getOrDefault(at, 0.0) + SEED_FLOOR);
        }
      }
      sims = withSeed;
    }
    List<Map.Entry<Integer, Double>> best = new ArrayList<>(sims.entrySet());
    best.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
    Map<String, Double> out = new HashMap<>();
    int learned = commitFiles.size();
    for (int i = 0; i < Math.min(k, best.size()); i++) {
      int at = best.get(i).getKey();
      String[] fs = commitFiles.get(at);
      // similar and recent: the code a past commit touched may have moved on since
      double s =
          best.get(i).getValue()
              / Math.sqrt(fs.length)
              * Math.exp(-(learned - at) / (decayCommits * AGE_FACTOR));
      for (String f : fs) {
        out.merge(f, s, Double::sum);
      }
    }
    return out;
  }

  /**
   * BM25 of the query against {@code n} documents (files, past commits), given each term's postings
   * (document → term count), the documents' total length and each one's.
   */
  private static <D> Map<D, Double> bm25(
      Map<String, Integer> query,
      Map<String, ? extends Map<D, Integer>> postings,
      int n,
      long totalLength,
      ToIntFunction<D> length) {
    Map<D, Double> out = new HashMap<>();
    double avg = n == 0 ? 1 : Math.max(1.0, (double) totalLength / n);
    for (String term : query.keySet()) {
      Map<D, Integer> post = postings.get(term);
      if (post == null) {
        continue;
      }
      double idf = idf(n, post.size());
      for (Map.Entry<D, Integer> e : post.entrySet()) {
        out.merge(
            e.getKey(), bm25(idf, e.getValue(), length.applyAsInt(e.getKey()), avg), Double::sum);
      }
    }
    return out;
  }

  /** BM25's inverse document frequency of a term in {@code df} of {@code n} documents. */
  private static double idf(int n, int df) {
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** BM25's weight of a term {@code tf} times in a document of {@code len} terms. */
  private static double bm25(double idf, double tf, double len, double avg) {
    return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len / avg));
  }

  /** Terms and how often each occurs. */
  static Map<String, Integer> counts(List<String> terms) {
    Map<String, Integer> out = new HashMap<>();
    terms.forEach(t -> out.merge(t, 1, Integer::sum));
    return out;
  }
}
