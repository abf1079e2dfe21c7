package dev.gitml.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.session.SessionIngest;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docs/targets.md / issue 5: transcript ingest on the 3 MB Claude Code fixture (target ≥ 20 MB/s):
 * the whole session read into chats, tool uses, its summary and links, redacted and stored, in a
 * fresh data directory each time (median of 7, after warming up). Beside it, in the same run:
 * parsing the same lines with Jackson alone, the floor of any JSONL reader; and the command a user
 * runs, {@code gitml sessions import --path}, with its JVM start.
 */
public final class TranscriptBench {
  private TranscriptBench() {}

  public static void main(String[] args) throws Exception {
    if (!Bench.wanted(args, "claude")) {
      return;
    }
    Path transcript =
        Corpus.shared()
            .resolve("fixtures/transcripts/claude-code/8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl");
    if (!Files.exists(transcript)) {
      System.out.println("skipped: " + transcript + " not found");
      return;
    }
    long bytes = Files.size(transcript);
    try (var s =
        Files.list(transcript.resolveSibling("8463c716-a2ea-4c14-9efa-87158ebd9f20/subagents"))) {
      for (Path p : s.toList()) {
        bytes += Files.size(p);
      }
    }
    Path work = Bench.scratch("transcript");
    Redactor redactor = Redactor.standard();
    int[] round = {0};
    Bench.Timed ingest =
        () -> {
          Path repo = work.resolve("repo" + round[0]++);
          Files.createDirectories(repo);
          DataDir.of(repo).initialize();
          long t = System.nanoTime();
          try (Store store = Store.open(DataDir.of(repo))) {
            new SessionIngest(store, repo, redactor).finish(transcript);
          }
          double s = Bench.seconds(t);
          Bench.deleteTree(repo);
          return s;
        };
    ObjectMapper json = new ObjectMapper();
    Bench.Timed parse =
        () -> {
          long t = System.nanoTime();
          for (String line : Files.readAllLines(transcript)) {
            json.readTree(line);
          }
          return Bench.seconds(t);
        };
    Bench.warmUp(ingest, parse);
    double ours = Bench.median(7, ingest);
    double jackson = Bench.median(7, parse);
    long mainBytes = Files.size(transcript);
    double cli = Bench.cliImport(work, transcript);

    Bench.header(
        "transcript ingest: " + Bench.mb(bytes) + " (a 1,593-line session and its" + " subagents)");
    Bench.row(
        "ingest, in process",
        Bench.fmt("%.0f MB/s", bytes / 1e6 / ours),
        Bench.fmt("Jackson parse: %.0f MB/s", mainBytes / 1e6 / jackson),
        Bench.fmt("%.2f×", (bytes / ours) / (mainBytes / jackson)));
    Bench.row(
        "gitml sessions import --path",
        Bench.fmt("%.2f s", cli),
        Bench.fmt("%.1f MB/s with start-up", bytes / 1e6 / cli),
        "");
    System.out.println("(target ≥ 20 MB/s)");
  }
}
