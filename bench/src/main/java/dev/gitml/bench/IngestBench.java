package dev.gitml.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.session.SessionImport;
import dev.gitml.collector.session.SessionIngest;
import dev.gitml.collector.session.SessionSources;
import dev.gitml.collector.session.TranscriptFormats;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 16: ingest MB/s per reader (target ≥ 20 MB/s each), over every assistant that has a reader
 * ({@link TranscriptFormats#assistants}) and a fixture in {@code
 * ../shared/fixtures/transcripts/<assistant>/}: every session there read whole by that reader into
 * chats, tool uses, summary and links, redacted and stored, in a fresh data directory each time
 * (median of 5 after warming up). Beside each, measured in the same run on the same bytes: reading
 * them raw, and parsing them with Jackson alone (a JSON line at a time, or the whole document), the
 * floor of any reader.
 */
public final class IngestBench {
  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    Path fixtures = Corpus.shared().resolve("fixtures/transcripts");
    if (!Files.isDirectory(fixtures)) {
      System.out.println("skipped: " + fixtures + " not found");
      return;
    }
    Path work = Bench.scratch("ingest");
    Redactor redactor = Redactor.standard();
    ObjectMapper json = new ObjectMapper();
    Bench.header("session ingest per reader (target ≥ 20 MB/s each)");
    for (String assistant : TranscriptFormats.assistants()) {
      Path dir = fixtures.resolve(assistant);
      if (!Files.isDirectory(dir)) {
        Bench.row(assistant, "no fixture", "", "");
        continue;
      }
      List<Path> files =
          SessionImport.transcriptsAt(
              dir, SessionSources.all(Map.of(), dir.resolve("no home")), why -> {});
      long bytes = 0;
      for (Path f : files) {
        bytes += Files.size(f);
      }
      int[] round = {0};
      Bench.Timed ingest =
          () -> {
            Path repo = work.resolve(assistant + round[0]++);
            Files.createDirectories(repo);
            DataDir.of(repo).initialize();
            long t = System.nanoTime();
            try (Store store = Store.open(DataDir.of(repo))) {
              SessionIngest in = new SessionIngest(store, repo, redactor);
              // as `gitml sessions import` stores them: the sessions share batches
              in.finishAll(
                  files,
                  assistant,
                  new SessionIngest.Outcome() {
                    @Override
                    public void finished(Path transcript, SessionIngest.Result result) {}

                    @Override
                    public void failed(Path transcript, Exception e) {
                      throw new IllegalStateException(transcript + ": " + e.getMessage(), e);
                    }
                  });
            }
            double s = Bench.seconds(t);
            Bench.deleteTree(repo);
            return s;
          };
      Bench.Timed raw =
          () -> {
            long t = System.nanoTime();
            long n = 0;
            for (Path f : files) {
              n += Files.readAllBytes(f).length;
            }
            if (n < 0) {
              throw new IllegalStateException();
            }
            return Bench.seconds(t);
          };
      Bench.Timed parse =
          () -> {
            long t = System.nanoTime();
            for (Path f : files) {
              if (f.getFileName().toString().endsWith(".jsonl")) {
                try (BufferedReader r = Files.newBufferedReader(f)) {
                  for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (!line.isBlank()) {
                      try {
                        json.readTree(line);
                      } catch (java.io.IOException cut) {
                        // a cut line: readers skip it too
                      }
                    }
                  }
                }
              } else if (f.getFileName().toString().endsWith(".json")) {
                json.readTree(f.toFile());
              } else {
                // a text history (Aider's Markdown): its lines, read
                try (BufferedReader r = Files.newBufferedReader(f)) {
                  while (r.readLine() != null) {
                    // the floor of any reader of this file
                  }
                }
              }
            }
            return Bench.seconds(t);
          };
      for (int i = 0; i < 3; i++) {
        ingest.seconds();
        raw.seconds();
        parse.seconds();
      }
      double ours = Bench.median(5, ingest);
      double read = Bench.median(5, raw);
      double jackson = Bench.median(5, parse);
      Bench.row(
          assistant + " (" + files.size() + " files, " + Bench.mb(bytes) + ")",
          Bench.fmt("%.0f MB/s", bytes / 1e6 / ours),
          Bench.fmt(
              "raw read %.0f MB/s, Jackson parse %.0f MB/s",
              bytes / 1e6 / read, bytes / 1e6 / jackson),
          Bench.fmt("%.1f× the parse time", ours / jackson));
    }
    List<String> none = new ArrayList<>();
    try (var s = Files.list(fixtures)) {
      s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !TranscriptFormats.assistants().contains(n))
          .sorted()
          .forEach(none::add);
    }
    if (!none.isEmpty()) {
      System.out.println("fixtures without a reader here: " + String.join(", ", none));
    }
  }
}
