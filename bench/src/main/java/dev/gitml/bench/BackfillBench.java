package dev.gitml.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * docs/targets.md: backfill with full diffs at ≥ 0.5× the throughput of {@code git log -p} on the
 * same history (the Python collector: 46 commits/s, lite records only), and the stored size of the
 * full commits (≥ 10× smaller than their raw JSON). The history is real code: consecutive
 * commons-codec and commons-lang3 releases replayed as commits of up to four files.
 */
public final class BackfillBench {
  private BackfillBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Bench.scratch("backfill");
    Path repo = work.resolve("repo");
    int commits = Corpus.gitHistory(Path.of("bench/target/corpus"), repo);
    String gitml = System.getProperty("gitml.command");
    Map<String, String> env = Map.of("GITML_HOME", work.resolve("home").toString());

    double gitLog =
        Bench.median(
            5,
            () ->
                Bench.run(
                    List.of("sh", "-c", "git log -p --numstat --histogram > /dev/null"),
                    repo,
                    env));
    // the median of three backfills, each into a fresh data directory
    double backfill =
        Bench.median(
            3,
            () -> {
              Bench.deleteTree(repo.resolve(".git-ml"));
              Bench.run(List.of(gitml, "init", "--no-hooks", "--no-backfill"), repo, env);
              return Bench.run(List.of(gitml, "backfill"), repo, env);
            });
    // the same command with nothing left to do: JVM start, opening the store, walking history
    double fixed = Bench.median(3, () -> Bench.run(List.of(gitml, "backfill"), repo, env));
    JsonNode stats = Bench.json(List.of(gitml, "chunks", "stats", "--json"), repo, env);
    JsonNode full = stats.at("/streams/commits-full");

    Bench.header("backfill of " + commits + " commits with full diffs");
    double ours = commits / backfill;
    double theirs = commits / gitLog;
    Bench.row(
        "throughput, end to end",
        Bench.fmt("%.0f commits/s", ours),
        Bench.fmt("git log -p: %.0f/s", theirs),
        Bench.fmt("%.2f×", ours / theirs));
    double marginal = commits / (backfill - fixed);
    Bench.row(
        Bench.fmt("  without the %.2f s start-up", fixed),
        Bench.fmt("%.0f commits/s", marginal),
        Bench.fmt("git log -p: %.0f/s", theirs),
        Bench.fmt("%.2f×", marginal / theirs));
    Bench.row(
        "stored size of the full commits",
        Bench.mb(full.path("stored_bytes").asLong()),
        Bench.mb(full.path("raw_bytes").asLong()) + " raw",
        Bench.fmt(
            "%.1f× smaller",
            full.path("raw_bytes").asDouble() / full.path("stored_bytes").asDouble()));
    System.out.println("(the Python collector: 46 commits/s, lite records only; 4.2× smaller)");
  }
}
