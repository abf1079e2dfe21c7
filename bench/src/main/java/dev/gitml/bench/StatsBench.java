package dev.gitml.bench;

import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.StoredRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * docs/targets.md: {@code gitml stats} on 10k commits, wall time of the installed command including
 * JVM start (target ≤ 0.2 s; the Python tool: 0.3 s). Beside it, in the same run, the floor of any
 * gitml command ({@code gitml --version}) and of any JVM ({@code java -version}).
 */
public final class StatsBench {
  private static final int RUNS = 11;

  private StatsBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path repo = Bench.scratch("stats").resolve("repo");
    Files.createDirectories(repo);
    Map<String, String> env = Map.of("GITML_HOME", repo.resolveSibling("home").toString());
    Bench.run(List.of("git", "init", "-q"), repo, env);
    DataDir.of(repo).initialize();
    try (Store store = Store.open(DataDir.of(repo))) {
      List<StoredRecord> records = new ArrayList<>();
      for (Commit c : Corpus.liteCommits(n)) {
        records.add(StoredRecord.of(c));
      }
      store.append(records);
    }
    String gitml = System.getProperty("gitml.command");
    Bench.run(List.of(gitml, "stats", "--json"), repo, env); // first run indexes
    // This JVM's own compiler threads, still busy with the code that wrote the records, would
    // share the two cores with the commands timed: let them finish first.
    System.gc();
    Thread.sleep(3000);
    // Interleaved, so that the machine's noise falls on all three alike.
    List<Double> stats = new ArrayList<>();
    List<Double> version = new ArrayList<>();
    List<Double> java = new ArrayList<>();
    String jvm = ProcessHandle.current().info().command().orElse("java");
    for (int i = 0; i < RUNS; i++) {
      stats.add(Bench.run(List.of(gitml, "stats", "--json"), repo, env));
      version.add(Bench.run(List.of(gitml, "--version"), repo, env));
      java.add(Bench.run(List.of(jvm, "-Xshare:auto", "-version"), repo, env));
    }
    Bench.header("gitml stats on " + n + " commits (median of " + RUNS + ", with JVM start)");
    Bench.row(
        "gitml stats --json",
        Bench.fmt("%.2f s", Bench.median(stats)),
        Bench.fmt("gitml --version: %.2f s", Bench.median(version)),
        Bench.fmt("java -version: %.2f s", Bench.median(java)));
    System.out.println("(target ≤ 0.2 s; the Python tool: 0.3 s)");
  }
}
