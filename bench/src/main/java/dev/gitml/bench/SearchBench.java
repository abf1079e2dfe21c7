package dev.gitml.bench;

import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Hunk;
import dev.gitml.storage.record.RecordCodec;
import dev.gitml.storage.record.StoredRecord;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code gitml search} on 10k commits with their diffs and 1k chats: wall time of the installed
 * command, process start included (target ≤ 100 ms), with the daemon running (the launcher's client
 * asks it) and in a JVM of its own, beside {@code grep} over the same records as JSONL (a scan of
 * the text, process start included) in the same run.
 *
 * <p>The commits are the real messages of the history set ({@link Corpus#liteCommits}) each with
 * {@value #HUNKS} hunks of a real code change ({@link Corpus#fullCommits}: consecutive releases of
 * commons-codec and commons-lang3, repeated); the chats are made of those messages (the prompt) and
 * the changed lines (the answer), so that their words are code's words.
 */
public final class SearchBench {
  private static final int RUNS = 11;

  /** grep reads the whole JSONL each time: fewer runs of it. */
  private static final int GREP_RUNS = 3;

  /** Hunks per commit: a typical commit's (the corpus's releases average 41). */
  private static final int HUNKS = 5;

  private static final List<List<String>> QUERIES =
      List.of(List.of("encode", "base64"), List.of("fix", "typo"), List.of("StringUtils"));

  private SearchBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int chats = n / 10;
    Path repo = Bench.scratch("search").resolve("repo");
    Files.createDirectories(repo);
    Map<String, String> env = Map.of("GITML_HOME", repo.resolveSibling("home").toString());
    Bench.run(List.of("git", "init", "-q"), repo, env);
    DataDir dir = DataDir.of(repo);
    dir.initialize();
    List<StoredRecord> records = records(n, chats);
    Path jsonl = repo.resolveSibling("records.jsonl");
    try (OutputStream out = Files.newOutputStream(jsonl)) {
      for (StoredRecord r : records) {
        out.write(RecordCodec.toLine(r));
        out.write('\n');
      }
    }
    long t = System.nanoTime();
    try (Store store = Store.open(dir)) {
      for (int from = 0; from < records.size(); from += 1000) {
        store.append(records.subList(from, Math.min(records.size(), from + 1000)));
      }
    }
    double stored = Bench.seconds(t);
    String gitml = System.getProperty("gitml.command");
    Map<String, String> own = new java.util.HashMap<>(env);
    own.put("GITML_IN_PROCESS", "1"); // the launcher starts a JVM even with a daemon running
    Bench.run(List.of(gitml, "search", "warm", "up"), repo, own);
    System.gc();
    Thread.sleep(3000);
    Bench.header(
        "gitml search on "
            + n
            + " commits with diffs and "
            + chats
            + " chats (median of "
            + RUNS
            + ", with process start)");
    Path grepOut = repo.resolveSibling("grep.out");
    Bench.run(List.of(gitml, "daemon", "start"), repo, env);
    try {
      Bench.run(List.of(gitml, "search", "warm", "up"), repo, env);
      for (List<String> words : QUERIES) {
        List<Double> viaDaemon = new ArrayList<>();
        List<Double> ownJvm = new ArrayList<>();
        List<Double> grep = new ArrayList<>();
        List<String> command = new ArrayList<>(List.of(gitml, "search"));
        command.addAll(words);
        for (int i = 0; i < RUNS; i++) {
          viaDaemon.add(Bench.run(command, repo, env));
          ownJvm.add(Bench.run(command, repo, own));
          if (i < GREP_RUNS) {
            // to a file: GNU grep with its output on /dev/null stops at the first match
            grep.add(
                Bench.run(
                    List.of(
                        "sh",
                        "-c",
                        "grep -i -w -e \"$0\" \"$1\" > \"$2\"",
                        words.get(0),
                        jsonl.toString(),
                        grepOut.toString()),
                    repo,
                    env));
          }
        }
        Bench.row(
            "gitml search " + String.join(" ", words),
            Bench.fmt(
                "%.0f ms (own JVM: %.0f ms)",
                Bench.median(viaDaemon) * 1000, Bench.median(ownJvm) * 1000),
            Bench.fmt("grep -iw %s: %.0f ms", words.get(0), Bench.median(grep) * 1000),
            "");
      }
    } finally {
      Bench.run(List.of(gitml, "daemon", "stop"), repo, env);
    }
    System.out.println(
        "(first figure: the daemon runs, as while one works, and the launcher's client asks it;"
            + " own JVM: GITML_IN_PROCESS=1, or no daemon)");
    List<Double> version = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      version.add(Bench.run(List.of(gitml, "--version"), repo, env));
    }
    System.out.println(
        Bench.fmt(
            "the floor of a command in its own JVM, gitml --version: %.0f ms",
            Bench.median(version) * 1000));
    // the engine alone: the store opened once, each query run in this process
    try (Store store = Store.open(dir)) {
      for (List<String> words : QUERIES) {
        String text = String.join(" ", words);
        store.search(dev.gitml.storage.search.SearchQuery.of(text, 10));
        double inProcess =
            Bench.median(
                RUNS,
                () -> {
                  long start = System.nanoTime();
                  store.search(dev.gitml.storage.search.SearchQuery.of(text, 10));
                  return Bench.seconds(start);
                });
        System.out.println(
            Bench.fmt("Store.search(\"%s\") in process: %.1f ms", text, inProcess * 1000));
      }
    }
    // the other engine: Lucene over the same documents, in this process too
    Path luceneDir = repo.resolveSibling("lucene");
    Files.createDirectories(luceneDir);
    try (LuceneReference lucene = new LuceneReference(luceneDir)) {
      double built = lucene.build(records);
      for (List<String> words : QUERIES) {
        String text = String.join(" ", words);
        lucene.search(text, 10);
        double inProcess =
            Bench.median(
                RUNS,
                () -> {
                  long start = System.nanoTime();
                  lucene.search(text, 10);
                  return Bench.seconds(start);
                });
        System.out.println(
            Bench.fmt("Lucene 9.12 (\"%s\") in process: %.1f ms", text, inProcess * 1000));
      }
      System.out.println(
          Bench.fmt(
              "Lucene: indexed in %.1f s (one pass, merged to one segment), its index %s",
              built, Bench.mb(lucene.sizeOnDisk())));
    }
    long index = Files.size(dir.index());
    long search = Files.size(dir.index().resolveSibling("search.sqlite"));
    System.out.println(
        Bench.fmt(
            "stored and indexed in %.1f s; index.sqlite %s + search.sqlite %s, the records as"
                + " JSONL %s",
            stored, Bench.mb(index), Bench.mb(search), Bench.mb(Files.size(jsonl))));
    System.out.println("(target ≤ 100 ms per query)");
  }

  private static List<StoredRecord> records(int n, int chats) throws Exception {
    List<Commit> lite = Corpus.liteCommits(n);
    List<CommitFull> changes = Corpus.fullCommits(Path.of("bench/target/corpus"));
    List<StoredRecord> out = new ArrayList<>(2 * n + chats);
    for (int i = 0; i < n; i++) {
      Commit c = lite.get(i);
      // a release's whole diff is far larger than a commit's: a window of HUNKS of it, moving
      // each time the corpus repeats, so that the 10k commits' diffs differ
      List<Hunk> all = changes.get(i % changes.size()).hunks();
      int from = all.isEmpty() ? 0 : (i / changes.size() * HUNKS) % all.size();
      List<Hunk> hunks = all.subList(from, Math.min(all.size(), from + HUNKS));
      out.add(StoredRecord.of(c));
      out.add(StoredRecord.of(c.full(hunks, null, false, false, null)));
      if (i % (n / chats) == 0) {
        StringBuilder answer = new StringBuilder();
        for (Hunk h : hunks.subList(0, Math.min(3, hunks.size()))) {
          h.linesAdded().forEach(l -> answer.append(l).append('\n'));
        }
        out.add(
            StoredRecord.of(
                new Chat(
                    Corpus.sha1("chat " + i),
                    c.timestamp(),
                    "session-" + i / 50,
                    c.message(),
                    answer.toString(),
                    List.of(),
                    c.filesChanged(),
                    List.of("Edit"),
                    List.of(),
                    null,
                    null,
                    null,
                    "claude-code",
                    "claude-opus-4-5",
                    null,
                    null,
                    null)));
      }
    }
    return out;
  }
}
