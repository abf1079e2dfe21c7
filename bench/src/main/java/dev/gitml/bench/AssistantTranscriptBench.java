package dev.gitml.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.session.SessionImport;
import dev.gitml.collector.session.SessionIngest;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 16: transcript ingest per reader (target ≥ 20 MB/s each) for Aider, Cline and Copilot, on
 * their sessions in {@code ../shared/fixtures/transcripts}, copied until each assistant's corpus
 * weighs about 3 MB, the size of TranscriptBench's Claude Code session (the real sessions weigh 0.3
 * to 0.6 MB in all, too little to time the store's per-import cost apart): Aider's histories
 * appended into one history (as aider appends every run to one file), Cline's task and Copilot's
 * sessions copied under new ids. Each transcript is read whole into chats, tool uses, sessions and
 * links, redacted and stored as {@code gitml sessions import} does (in shared batches), all of one
 * assistant's into a fresh data directory each round (median of 7, after {@link Bench#warmUp}), and
 * by the installed command's one-off {@code gitml sessions import}, start-up included. Beside it,
 * in the same run, the floor of any reader of the same bytes: Jackson parsing the JSON (a Cline
 * task's three files; Copilot's event lines), or reading the lines as text (Aider's Markdown).
 */
public final class AssistantTranscriptBench {
  private AssistantTranscriptBench() {}

  public static void main(String[] args) throws Exception {
    Path root = Corpus.shared().resolve("fixtures/transcripts");
    if (!Files.isDirectory(root.resolve("aider"))) {
      System.out.println("skipped: " + root + " not found");
      return;
    }
    List<String> assistants =
        List.of("aider", "cline", "copilot").stream().filter(a -> Bench.wanted(args, a)).toList();
    if (assistants.isEmpty()) {
      return;
    }
    Bench.header("transcript ingest per reader (sessions of ../shared/fixtures/transcripts)");
    Path corpus = Bench.scratch("assistant-corpus");
    for (String assistant : assistants) {
      List<Path> real = SessionImport.transcriptsAt(root.resolve(assistant), why -> {});
      measure(assistant, real.size(), copies(assistant, real, corpus.resolve(assistant)));
    }
    System.out.println("(target ≥ 20 MB/s each)");
  }

  /** Copies of {@code real} until they weigh {@link #CORPUS} bytes, each a session of its own. */
  private static List<Path> copies(String assistant, List<Path> real, Path into) throws Exception {
    Files.createDirectories(into);
    List<Path> out = new ArrayList<>();
    if (assistant.equals("aider")) {
      Path history = into.resolve(".aider.chat.history.md");
      try (var w = Files.newOutputStream(history)) {
        while (Files.size(history) < CORPUS) {
          for (Path p : real) {
            w.write(Files.readAllBytes(p));
          }
          w.flush();
        }
      }
      return List.of(history);
    }
    long bytes = 0;
    for (int copy = 0; bytes < CORPUS; copy++) {
      for (Path p : real) {
        Path dir = p.getParent();
        String id = dir.getFileName().toString();
        String newId =
            assistant.equals("cline")
                ? String.valueOf(Long.parseLong(id) + copy)
                : id.substring(0, id.length() - 4) + String.format("%04d", copy);
        Path target = Files.createDirectories(into.resolve(newId));
        try (var files = Files.list(dir)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            // ISO-8859-1 keeps every byte as it is; the ids replaced are ASCII
            String text = Files.readString(f, StandardCharsets.ISO_8859_1).replace(id, newId);
            Files.writeString(
                target.resolve(f.getFileName().toString()), text, StandardCharsets.ISO_8859_1);
            bytes += Files.size(target.resolve(f.getFileName().toString()));
          }
        }
        out.add(target.resolve(p.getFileName().toString()));
      }
    }
    return out;
  }

  private static final long CORPUS = 3_000_000;

  private static void measure(String assistant, int sessions, List<Path> transcripts)
      throws Exception {
    List<Path> read = new ArrayList<>();
    for (Path t : transcripts) {
      read.add(t);
      if (assistant.equals("cline")) { // the reader reads the task's other two files too
        for (String side : List.of("ui_messages.json", "task_metadata.json")) {
          Path p = t.resolveSibling(side);
          if (Files.exists(p)) {
            read.add(p);
          }
        }
      }
    }
    long bytes = 0;
    for (Path p : read) {
      bytes += Files.size(p);
    }
    Path work = Bench.scratch("assistant-" + assistant);
    Redactor redactor = Redactor.standard();
    int[] round = {0};
    Bench.Timed ingest =
        () -> {
          Path repo = work.resolve("repo" + round[0]++);
          Files.createDirectories(repo);
          DataDir.of(repo).initialize();
          long t = System.nanoTime();
          try (Store store = Store.open(DataDir.of(repo))) {
            SessionIngest in = new SessionIngest(store, repo, redactor);
            Bench.importAll(in, transcripts);
          }
          double s = Bench.seconds(t);
          Bench.deleteTree(repo);
          return s;
        };
    ObjectMapper json = new ObjectMapper();
    Bench.Timed floor =
        () -> {
          long t = System.nanoTime();
          long lines = 0;
          for (Path p : read) {
            if (p.getFileName().toString().endsWith(".jsonl")) {
              for (String line : Files.readAllLines(p)) {
                json.readTree(line);
              }
            } else if (p.getFileName().toString().endsWith(".json")) {
              json.readTree(p.toFile());
            } else {
              try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                while (r.readLine() != null) {
                  lines++;
                }
              }
            }
          }
          return lines < 0 ? 0 : Bench.seconds(t);
        };
    Bench.warmUp(ingest, floor);
    double ours = Bench.median(7, ingest);
    double reference = Bench.median(7, floor);
    Bench.row(
        assistant + " (" + sessions + " real sessions, copied: " + Bench.mb(bytes) + ")",
        Bench.fmt("%.0f MB/s", bytes / 1e6 / ours),
        Bench.fmt(
            (assistant.equals("aider") ? "lines read: " : "Jackson parse: ") + "%.0f MB/s",
            bytes / 1e6 / reference),
        Bench.fmt("%.2f×", reference / ours));
    Path first = transcripts.get(0);
    // the history's folder, or the folder of every copied session (a Cline task, a Copilot state)
    double cli =
        Bench.cliImport(
            work, assistant.equals("aider") ? first.getParent() : first.getParent().getParent());
    Bench.row(
        "  gitml sessions import --path, start-up included",
        Bench.fmt("%.2f s", cli),
        Bench.fmt("%.1f MB/s", bytes / 1e6 / cli),
        "");
  }
}
