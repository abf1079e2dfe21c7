package dev.gitml.collector.export;

import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Writes a data set from a store (DESIGN §6): the tasks asked for, in one format, with
 * deterministic splits, streaming. The output is written under a temporary name and moved into
 * place when whole; an existing output is replaced only when asked ({@code force}). Two exports
 * of the same data are byte-identical.
 */
public final class Exporter {
  private Exporter() {}

  /** What to export. */
  public record Options(Format format, List<Task> tasks, Path out, long seed, long since,
      long until, Integer minRating, boolean force) {}

  /** Examples written, by task and split. */
  public record Result(Path out, Map<String, Map<String, Integer>> counts) {
    public int total() {
      return counts.values().stream().flatMap(m -> m.values().stream())
          .mapToInt(Integer::intValue).sum();
    }
  }

  public static Result run(Store store, Options o) throws IOException {
    Path out = o.out().toAbsolutePath().normalize();
    if (Files.exists(out) && !o.force()) {
      throw new FileAlreadyExistsException(out.toString(), null,
          "exists (--force replaces it)");
    }
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp-export");
    DataDir.deleteTree(tmp);
    Examples.Filter filter = new Examples.Filter(o.since(), o.until(), o.minRating(), o.seed());
    Map<String, Map<String, Integer>> counts;
    try (ExampleWriter w = new ExampleWriter(o.format(), tmp)) {
      for (Task t : o.tasks()) {
        Examples.Sink sink = e -> w.write(t, e);
        switch (t) {
          case CHAT -> Examples.chats(store, filter, sink);
          case COMMIT_MESSAGE -> Examples.commitMessages(store, filter, sink);
          case FILE_PREDICTION -> Examples.filePredictions(store, filter, sink);
          default -> throw new IllegalStateException();
        }
      }
      counts = w.counts();
    }
    complete(o, tmp, counts);
    DataDir.deleteTree(out);
    Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
    return new Result(out, counts);
  }

  /**
   * Files every reader expects, even when a split came out empty (JSONL, CSV, chat JSONL); the
   * data set card.
   */
  private static void complete(Options o, Path tmp, Map<String, Map<String, Integer>> counts)
      throws IOException {
    List<String> splits = List.of(Splits.TRAIN, Splits.VALIDATION, Splits.TEST);
    switch (o.format()) {
      case JSONL -> {
        if (!Files.exists(tmp)) {
          Files.createFile(tmp);
        }
      }
      case CSV -> {
        if (!Files.exists(tmp)) {
          Files.writeString(tmp, "split,type,timestamp,input,output,files,tools_used\n");
        }
      }
      case CHAT_JSONL -> {
        for (String s : splits) {
          Path f = tmp.resolve(s + ".jsonl");
          if (!Files.exists(f)) {
            Files.createFile(f);
          }
        }
      }
      case HF -> {
        // Only splits with examples: `datasets` refuses a whole data set when one of its
        // listed splits has none ("Instruction ... corresponds to no data").
        Files.createDirectories(tmp);
        Files.writeString(tmp.resolve("README.md"), DatasetCard.of(o, counts),
            StandardCharsets.UTF_8);
      }
      default -> throw new IllegalStateException();
    }
  }

}
