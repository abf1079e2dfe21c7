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
 * <ul>
 *   <li>BM25 over one document per file: the messages of the commits that touched it;
 *   <li>the file's path words matching the task's words (idf-weighted);
 *   <li>nearest past commits: BM25 between the task and each past message, the files of the best
 *       {@code k} commits scored by their similarity (bug-localisation style);
 *   <li>recent activity: touches decayed exponentially with the number of commits since, and
 *       with the hours between them and the task (work resumed within the hour);
 *   <li>co-change with the files already being changed, decayed the same way;
 *   <li>and their Jaccard co-change over the whole history (pairs that always change together,
 *       however long ago);
 *   <li>files named like them (their tests, names mostly of the same words).
 * </ul>
 * Each signal is scaled to [0, 1] over the candidates (the two shares already are) and the
 * signals are summed with weights ({@link BlendWeights}). Everything is incremental: learning a commit
 * updates counts, so a rolling evaluation costs one pass over the history.
 */
public final class BlendModel implements FilePredictor {
  private static final double K1 = 1.2;
  private static final double B = 0.75;

  private final BlendWeights p;
  private int learned;
  // files as documents
  private final Map<String, FileDoc> files = new HashMap<>();
  private final Map<String, Map<String, Integer>> fileTerms = new HashMap<>();
  private long fileTermTotal;
  private final Map<String, Set<String>> pathTerms = new HashMap<>();
  // commits as documents, for the nearest neighbours
  private final List<String[]> commitFiles = new ArrayList<>();
  private final List<Integer> commitLength = new ArrayList<>();
  private final Map<String, List<Integer>> commitsOf = new HashMap<>();
  private final Map<String, Map<Integer, Integer>> commitTerms = new HashMap<>();
  private long commitTermTotal;
  // co-change: decayed counts of pairs
  private final Map<String, Map<String, Decayed>> pairs = new HashMap<>();
  private final java.util.ArrayDeque<String[]> recent = new java.util.ArrayDeque<>();
  // co-change over the whole history, undecayed: pairs that always change together
  private final CoChange together = new CoChange();
  private final Map<String, Set<String>> nameWords = new HashMap<>();
  // moves: a new path whose file name only one existing file had takes over that file's history
  private final Set<String> known = new HashSet<>();
  private final Map<String, Set<String>> byName = new HashMap<>();
  private final Map<String, String> movedTo = new HashMap<>();
  private final Map<String, List<String>> movedFrom = new HashMap<>();

  public BlendModel() {
    this(BlendWeights.DEFAULT);
  }

  public BlendModel(BlendWeights weights) {
    this.p = weights;
  }

  @Override
  public String name() {
    return "blend";
  }

  public BlendWeights weights() {
    return p;
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

  private static final class FileDoc {
    int length;
    double burst;
    int burstAt;
    double hours;
    long hoursAt;
  }

  @Override
  public void observe(HistoryCommit c) {
    track(c.files());
  }

  /** Notes new paths; one that takes the file name of a single existing file is its move. */
  private void track(List<String> paths) {
    for (String f : paths) {
      String to = movedTo.remove(f);
      if (to != null) {
        // back under its old name: moved back, or it was a copy all along
        movedFrom.getOrDefault(to, new ArrayList<>()).remove(f);
        Set<String> same = byName.get(f.substring(f.lastIndexOf('/') + 1));
        same.add(f);
        if (!paths.contains(to) && !movedTo.containsKey(to)) {
          movedTo.put(to, f);
          movedFrom.computeIfAbsent(f, k -> new ArrayList<>()).add(to);
          same.remove(to);
        }
      }
      if (!known.add(f)) {
        continue;
      }
      String name = f.substring(f.lastIndexOf('/') + 1);
      Set<String> same = byName.computeIfAbsent(name, k -> new HashSet<>());
      if (same.size() == 1) {
        String old = same.iterator().next();
        if (!paths.contains(old) && !dir(old).equals(dir(f))) {
          movedTo.put(old, f);
          movedFrom.computeIfAbsent(f, k -> new ArrayList<>()).add(old);
          same.remove(old);
        }
      }
      same.add(f);
    }
  }

  /** Where a file is now, following its moves. */
  private String current(String f) {
    String at = f;
    for (int hops = 0; hops < 16; hops++) {
      String next = movedTo.get(at);
      if (next == null) {
        return at;
      }
      at = next;
    }
    return at;
  }

  /** A file and the paths it had before it moved. */
  private List<String> withOldNames(String f) {
    List<String> out = new ArrayList<>();
    java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(f));
    while (!todo.isEmpty() && out.size() < 32) {
      String p = todo.poll();
      out.add(p);
      todo.addAll(movedFrom.getOrDefault(p, List.of()));
    }
    return out;
  }

  private Map<String, Double> current(Map<String, Double> scores) {
    if (movedTo.isEmpty()) {
      return scores;
    }
    Map<String, Double> out = new HashMap<>();
    scores.forEach((f, v) -> out.merge(current(f), v, Double::sum));
    return out;
  }

  @Override
  public boolean knows(String file) {
    return withOldNames(file).stream().anyMatch(files::containsKey);
  }

  @Override
  public void learn(HistoryCommit c) {
    track(c.files());
    List<String> terms = Tokens.of(c.message());
    Map<String, Integer> tf = counts(terms);
    String[] fs = c.files().toArray(String[]::new);
    for (String f : fs) {
      FileDoc doc = files.computeIfAbsent(f, k -> {
        pathTerms.put(k, new HashSet<>(Tokens.of(k)));
        return new FileDoc();
      });
      doc.burst = burst(doc) + 1;
      doc.burstAt = learned;
      doc.hours = hours(doc, c.millis()) + 1;
      doc.hoursAt = Math.max(doc.hoursAt, c.millis());
      doc.length += terms.size();
      fileTermTotal += terms.size();
      for (Map.Entry<String, Integer> e : tf.entrySet()) {
        fileTerms.computeIfAbsent(e.getKey(), k -> new HashMap<>()).merge(f, e.getValue(),
            Integer::sum);
      }
    }
    int index = commitFiles.size();
    commitFiles.add(fs);
    for (String f : fs) {
      commitsOf.computeIfAbsent(f, k -> new ArrayList<>()).add(index);
    }
    commitLength.add(terms.size());
    commitTermTotal += terms.size();
    for (Map.Entry<String, Integer> e : tf.entrySet()) {
      commitTerms.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(index, e.getValue());
    }
    learned++;
    together.add(c.files());
    for (String a : fs) {
      Map<String, Decayed> row = pairs.computeIfAbsent(a, k -> new HashMap<>());
      row.computeIfAbsent(a, k -> new Decayed()).add(1);
      for (String b : fs) {
        if (!a.equals(b)) {
          row.computeIfAbsent(b, k -> new Decayed()).add(1);
        }
      }
    }
    recent.addFirst(fs);
    while (recent.size() > p.recentFiles()) {
      recent.removeLast();
    }
  }

  @Override
  public List<Ranked> rank(Query q, int top) {
    Map<String, Integer> query = counts(Tokens.of(q.text()));
    Set<String> seeds = new HashSet<>();
    q.seeds().forEach(s -> seeds.addAll(withOldNames(s)));
    Map<String, Double> bm25 = current(fileBm25(query));
    Map<String, Double> path = pathMatch(query);
    Map<String, Double> knn = current(neighbours(query));
    Map<String, Double> seedKnn = seeds.isEmpty() ? Map.of() : current(neighbours(query, seeds));
    Map<String, Double> co = current(cochange(seeds));
    Map<String, Double> jac = current(jaccard(seeds));
    Map<String, Double> stems = stemMatch(q.text());
    Map<String, Double> siblings = siblings(new HashSet<>(q.seeds()));
    Set<String> candidates = new LinkedHashSet<>();
    candidates.addAll(stems.keySet());
    candidates.addAll(siblings.keySet());
    candidates.addAll(bm25.keySet());
    candidates.addAll(path.keySet());
    candidates.addAll(knn.keySet());
    candidates.addAll(seedKnn.keySet());
    candidates.addAll(co.keySet());
    candidates.addAll(jac.keySet());
    for (String[] fs : recent) {
      for (String f : fs) {
        candidates.add(current(f));
      }
    }
    Map<String, Double> names = namedAlike(q.seeds());
    candidates.addAll(names.keySet());
    candidates.removeAll(seeds);
    candidates.removeIf(movedTo::containsKey);
    Map<String, Double> recency = new HashMap<>();
    Map<String, Double> bursts = new HashMap<>();
    Map<String, Double> lately = new HashMap<>();
    for (String f : candidates) {
      double r = 0;
      double b = 0;
      double h = 0;
      for (String name : withOldNames(f)) {
        Decayed d = pairs.getOrDefault(name, Map.of()).get(name);
        r += d == null ? 0 : d.now();
        FileDoc doc = files.get(name);
        b += doc == null ? 0 : burst(doc);
        h += doc == null || q.millis() == 0 ? 0 : hours(doc, q.millis());
      }
      lately.put(f, Math.min(1, h));
      recency.put(f, r);
      bursts.put(f, b);
    }
    double mb = max(bm25, candidates);
    double mp = max(path, candidates);
    double mk = max(knn, candidates);
    double mks = max(seedKnn, candidates);
    double mr = max(recency, candidates);
    double mc = max(co, candidates);
    double ms = max(stems, candidates);
    double mg = max(siblings, candidates);
    double mu = max(bursts, candidates);
    // with files already being changed, what changes with them matters more than what is recent
    double activity = seeds.isEmpty() ? 1 : p.seeded();
    List<Ranked> out = new ArrayList<>(candidates.size());
    for (String f : candidates) {
      double s = p.bm25() * bm25.getOrDefault(f, 0.0) / mb
          + p.path() * path.getOrDefault(f, 0.0) / mp
          + p.knn() * knn.getOrDefault(f, 0.0) / mk
          + p.knn() * seedKnn.getOrDefault(f, 0.0) / mks
          + activity * p.recency() * recency.getOrDefault(f, 0.0) / mr
          + p.cochange() * co.getOrDefault(f, 0.0) / mc
          + p.stem() * stems.getOrDefault(f, 0.0) / ms
          + p.sibling() * siblings.getOrDefault(f, 0.0) / mg
          + activity * p.burst() * bursts.getOrDefault(f, 0.0) / mu
          // a share in [0, 1], not scaled to the best candidate: weak evidence stays weak
          + p.jaccard() * jac.getOrDefault(f, 0.0)
          + p.namedAlike() * names.getOrDefault(f, 0.0)
          + activity * p.hours() * lately.get(f);
      out.add(new Ranked(f, s));
    }
    return Ranking.top(out, top);
  }

  private Map<String, Double> fileBm25(Map<String, Integer> query) {
    return bm25(query, fileTerms, files.size(), fileTermTotal, f -> files.get(f).length);
  }

  /**
   * BM25 of the query against {@code n} documents (files, past commits), given each term's
   * postings (document → term count), the documents' total length and each one's.
   */
  private static <D> Map<D, Double> bm25(Map<String, Integer> query,
      Map<String, ? extends Map<D, Integer>> postings, int n, long totalLength,
      java.util.function.ToIntFunction<D> length) {
    Map<D, Double> out = new HashMap<>();
    double avg = n == 0 ? 1 : Math.max(1.0, (double) totalLength / n);
    for (String term : query.keySet()) {
      Map<D, Integer> post = postings.get(term);
      if (post == null) {
        continue;
      }
      double idf = idf(n, post.size());
      for (Map.Entry<D, Integer> e : post.entrySet()) {
        out.merge(e.getKey(), bm25(idf, e.getValue(), length.applyAsInt(e.getKey()), avg),
            Double::sum);
      }
    }
    return out;
  }

  private Map<String, Double> pathMatch(Map<String, Integer> query) {
    Map<String, Double> out = new HashMap<>();
    if (query.isEmpty()) {
      return out;
    }
    int n = Math.max(1, files.size());
    Map<String, Integer> df = new HashMap<>();
    for (Set<String> terms : pathTerms.values()) {
      for (String t : query.keySet()) {
        if (terms.contains(t)) {
          df.merge(t, 1, Integer::sum);
        }
      }
    }
    for (Map.Entry<String, Set<String>> e : pathTerms.entrySet()) {
      if (movedTo.containsKey(e.getKey())) {
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

  private Map<String, Double> neighbours(Map<String, Integer> query) {
    return neighbours(query, null);
  }

  /**
   * Files of the past commits most similar to the task; with {@code seeds}, only commits that
   * changed one of them count (similar work on the same files), the others' similarity as a
   * small floor so that a seed's recent commits still speak when the words do not match.
   */
  private Map<String, Double> neighbours(Map<String, Integer> query, Set<String> seeds) {
    Map<Integer, Double> sims = bm25(query, commitTerms, commitFiles.size(), commitTermTotal,
        commitLength::get);
    if (seeds != null) {
      Map<Integer, Double> withSeed = new HashMap<>();
      for (String seed : seeds) {
        for (int at : commitsOf.getOrDefault(seed, List.of())) {
          withSeed.put(at, sims.getOrDefault(at, 0.0) + 0.5);
        }
      }
      sims = withSeed;
    }
    List<Map.Entry<Integer, Double>> best = new ArrayList<>(sims.entrySet());
    best.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
    Map<String, Double> out = new HashMap<>();
    for (int i = 0; i < Math.min(p.neighbours(), best.size()); i++) {
      int at = best.get(i).getKey();
      String[] fs = commitFiles.get(at);
      // similar and recent: the code a past commit touched may have moved on since
      double s = best.get(i).getValue() / Math.sqrt(fs.length)
          * Math.exp(-(learned - at) / (p.decayCommits() * 20));
      for (String f : fs) {
        out.merge(f, s, Double::sum);
      }
    }
    return out;
  }

  /** Files whose name (without extension, and without a Test/Spec affix) is a word of the task. */
  private Map<String, Double> stemMatch(String text) {
    Map<String, Double> out = new HashMap<>();
    Set<String> words = new HashSet<>();
    for (String w : text.split("[^\\p{L}\\p{N}_]+")) {
      if (w.length() >= 3) {
        words.add(w.toLowerCase(java.util.Locale.ROOT));
      }
    }
    if (words.isEmpty()) {
      return out;
    }
    for (String f : files.keySet()) {
      if (movedTo.containsKey(f)) {
        continue;
      }
      String stem = stem(f);
      if (words.contains(stem)) {
        out.put(f, 1.0);
      } else if (words.contains(core(stem))) {
        out.put(f, 0.7);
      }
    }
    return out;
  }

  /** Files named like a seed (its test, its implementation), then files beside it. */
  private Map<String, Double> siblings(Set<String> seeds) {
    Map<String, Double> out = new HashMap<>();
    for (String s : seeds) {
      String core = core(stem(s));
      String dir = dir(s);
      for (String f : files.keySet()) {
        if (f.equals(s) || movedTo.containsKey(f)) {
          continue;
        }
        if (!core.isEmpty() && core(stem(f)).equals(core)) {
          out.merge(f, 1.0, Double::sum);
        } else if (dir(f).equals(dir)) {
          out.merge(f, 0.2, Double::sum);
        }
      }
    }
    return out;
  }

  /** Touches in the last few commits: the work in progress. */
  private double burst(FileDoc doc) {
    return doc.burst * Math.exp(-(learned - doc.burstAt) / p.burstCommits());
  }

  /** Touches decayed with the hours since, at {@code millis}. */
  private double hours(FileDoc doc, long millis) {
    double since = Math.max(0, millis - doc.hoursAt) / 3_600_000.0;
    return doc.hours * Math.exp(-since / p.hoursTau());
  }

  /** A file's name without its directory and extension. */
  private static String baseName(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static String stem(String path) {
    String stem = baseName(path);
    // TestExport (JUnit 3 and jbang style) names the test of Export
    if (stem.length() > 5 && stem.startsWith("Test") && Character.isUpperCase(stem.charAt(4))) {
      stem = stem.substring(4) + "test";
    }
    return stem.toLowerCase(java.util.Locale.ROOT);
  }

  /** A name without its test affix: {@code base64test} → {@code base64}. */
  private static String core(String stem) {
    for (String affix : new String[] {"tests", "test", "spec", "_test", "-test", "it"}) {
      if (stem.length() > affix.length() + 2 && stem.endsWith(affix)) {
        return stem.substring(0, stem.length() - affix.length()).replaceAll("[_.-]$", "");
      }
    }
    if (stem.startsWith("test_") || stem.startsWith("test-")) {
      return stem.substring(5);
    }
    return stem;
  }

  private static String dir(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private Map<String, Double> cochange(Set<String> seeds) {
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

  /**
   * Files whose names are mostly made of the words of a seed's name ({@code Base64InputStream}
   * and {@code Base64OutputStream}, {@code EncoderException} and {@code DecoderException}): the
   * share of words in common, when at least half.
   */
  private Map<String, Double> namedAlike(List<String> seeds) {
    Map<String, Double> out = new HashMap<>();
    for (String s : seeds) {
      Set<String> words = nameWords(s);
      if (words.isEmpty()) {
        continue;
      }
      for (String f : files.keySet()) {
        if (f.equals(s) || movedTo.containsKey(f)) {
          continue;
        }
        Set<String> other = nameWords(f);
        int both = 0;
        for (String w : other) {
          if (words.contains(w)) {
            both++;
          }
        }
        double share = both / (double) (words.size() + other.size() - both);
        if (share >= 0.5) {
          out.merge(f, share, Double::sum);
        }
      }
    }
    return out;
  }

  /** The words of a file's name without its extension, kept per file. */
  private Set<String> nameWords(String path) {
    return nameWords.computeIfAbsent(path, k -> new HashSet<>(Tokens.of(baseName(k))));
  }

  /** Jaccard co-change with the seeds over the whole history ({@link CoChange#jaccard}). */
  private Map<String, Double> jaccard(Set<String> seeds) {
    Map<String, Double> out = new HashMap<>();
    for (String s : seeds) {
      together.partners(s).forEach((f, both) ->
          out.merge(f, together.jaccard(s, f, both), Double::sum));
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

  private static double max(Map<String, Double> m, Collection<String> keys) {
    double max = 0;
    for (String k : keys) {
      max = Math.max(max, m.getOrDefault(k, 0.0));
    }
    return max == 0 ? 1 : max;
  }

  private static Map<String, Integer> counts(List<String> terms) {
    Map<String, Integer> out = new HashMap<>();
    terms.forEach(t -> out.merge(t, 1, Integer::sum));
    return out;
  }
}
