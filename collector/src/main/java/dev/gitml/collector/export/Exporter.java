package dev.gitml.collector.export;

import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.files.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes a data set from a store (docs/formats.md, exports): the tasks asked for, in one format,
 * with deterministic splits, streaming. Where it may be written and what it may replace is {@link
 * ExportTarget}'s rule: never the repository, the data directory or a home, and with {@code force}
 * only a previous export of gitml's. The output is written beside its place under a temporary name
 * and swapped in when whole, owner-only (0700 directories, 0600 files) as {@code .git-ml/local/}
 * is. Two exports of the same data hold byte-identical examples (a directory's marker also holds
 * the time it was written).
 */
public final class Exporter {
  private Exporter() {}

  /** What to export. */
  public record Options(
      Format format,
      List<Task> tasks,
      Path out,
      long seed,
      long since,
      long until,
      Integer minRating,
      boolean force,
      boolean excludeReverted) {

    /** Options that keep reverted commits. */
    public Options(
        Format format,
        List<Task> tasks,
        Path out,
        long seed,
        long since,
        long until,
        Integer minRating,
        boolean force) {
      this(format, tasks, out, seed, since, until, minRating, force, false);
    }
  }

  /**
   * Where the export runs: the repository and homes it must never replace or write into ({@code
   * gitDir} and {@code gitmlHome} may be null: {@code workTree/.git}, none), and the clock of a
   * directory export's marker.
   */
  public record Surroundings(Path workTree, Path gitDir, Path home, Path gitmlHome, Clock clock) {
    public Surroundings {
      Objects.requireNonNull(workTree, "workTree");
      Objects.requireNonNull(home, "home");
      Objects.requireNonNull(clock, "clock");
    }
  }

  /** Examples written, by task and split, and where ({@code null} for a stream). */
  public record Result(Path out, Map<String, Map<String, Integer>> counts) {
    public int total() {
      return counts.values().stream()
          .flatMap(m -> m.values().stream())
          .mapToInt(Integer::intValue)
          .sum();
    }
  }

  /**
   * Writes the export {@code o} asks for.
   *
   * @throws ExportRefusedException when {@code o.out()} may not be written or replaced
   * @throws java.nio.file.FileAlreadyExistsException when it exists and {@code force} is off
   */
  public static Result run(Store store, Options o, Surroundings s) throws IOException {
    Path out = o.out().toAbsolutePath().normalize();
    ExportTarget.check(out, o.format(), o.force(), store.dir(), s);
    Path tmp = ExportTarget.begin(out, o.format());
    try {
      Map<String, Map<String, Integer>> counts = write(store, o, tmp, repoName(s.workTree()));
      complete(o, tmp, counts);
      if (o.format().directory()) {
        ExportMarker.write(tmp, o.format(), s.clock().instant());
      }
      ExportTarget.swap(tmp, out);
      return new Result(out, counts);
    } catch (IOException | RuntimeException e) {
      try {
        DataDir.deleteTree(tmp); // ours alone: created empty by begin
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Writes a file export ({@code jsonl}, {@code csv}) to {@code sink} (standard output), through a
   * private temporary file in {@code .git-ml/exports/} that is deleted afterwards; the whole export
   * is written before the first byte reaches the sink. {@code o.out()} is ignored.
   *
   * @throws IllegalArgumentException for a directory format
   */
  public static Result stream(Store store, Options o, Surroundings s, OutputStream sink)
      throws IOException {
    if (o.format().directory()) {
      throw new IllegalArgumentException(o.format() + " writes a directory, not a stream");
    }
    Path file = store.dir().exports().resolve(".stream-" + UUID.randomUUID());
    try {
      Result r =
          run(
              store,
              new Options(
                  o.format(),
                  o.tasks(),
                  file,
                  o.seed(),
                  o.since(),
                  o.until(),
                  o.minRating(),
                  false,
                  o.excludeReverted()),
              s);
      Files.copy(file, sink);
      sink.flush();
      return new Result(null, r.counts());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * Deletes an export gitml wrote (a hand-off that found nothing to train on), refusing as {@code
   * --force} would when {@code export} is not one or holds a file gitml did not write.
   */
  public static void delete(Path export, Format format) throws IOException {
    ExportTarget.delete(export.toAbsolutePath().normalize(), format);
  }

  /**
   * Creates the empty owner-only file {@code name} in a directory export and lists it in the
   * export's marker, for a file gitml writes there afterwards (the hand-off's trainer log): a later
   * export may then replace the directory.
   */
  public static Path addFile(Path export, String name) throws IOException {
    Path file = export.resolve(name);
    AtomicFiles.writeString(file, "");
    ExportMarker.add(export, name);
    return file;
  }

  private static Map<String, Map<String, Integer>> write(
      Store store, Options o, Path tmp, String repo) throws IOException {
    Examples.Filter filter =
        new Examples.Filter(o.since(), o.until(), o.minRating(), o.seed(), o.excludeReverted());
    try (ExampleWriter w = new ExampleWriter(o.format(), tmp)) {
      for (Task t : o.tasks()) {
        if (t == Task.TRAJECTORY) {
          Trajectories.read(store, filter, repo, w::write);
          continue;
        }
        examples(
            store,
            t,
            filter,
            e -> {
              if (Examples.hasBothSides(e)) {
                w.write(t, e);
              }
            });
      }
      return w.counts();
    }
  }

  /**
   * How many examples of each task (by id) every export of the whole store leaves out for an empty
   * input or output; tasks that leave out none are absent.
   */
  public static Map<String, Long> leftOutEmpty(Store store) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    Examples.Filter all = new Examples.Filter(0, 0, null, 0, false);
    for (Task t : Task.ALL) {
      examples(
          store,
          t,
          all,
          e -> {
            if (!Examples.hasBothSides(e)) {
              out.merge(t.id(), 1L, Long::sum);
            }
          });
    }
    return out;
  }

  /** A repository's name in a trajectory's metadata: its work tree's folder name. */
  static String repoName(Path workTree) {
    Path name = workTree.toAbsolutePath().normalize().getFileName();
    return name == null ? "/" : name.toString();
  }

  /** The examples of an {@link Example} task ({@link Task#ALL}). */
  static void examples(Store store, Task t, Examples.Filter filter, Examples.Sink sink)
      throws IOException {
    switch (t) {
      case CHAT -> Examples.chats(store, filter, sink);
      case COMMIT_MESSAGE -> Examples.commitMessages(store, filter, sink);
      case FILE_PREDICTION -> Examples.filePredictions(store, filter, sink);
      default -> throw new IllegalStateException();
    }
  }

  /**
   * Files every reader expects, even when a split came out empty (JSONL, CSV, chat JSONL); the data
   * set card.
   */
  static void complete(Options o, Path tmp, Map<String, Map<String, Integer>> counts)
      throws IOException {
    List<String> splits = List.of(Splits.TRAIN, Splits.VALIDATION, Splits.TEST);
    switch (o.format()) {
      case JSONL -> {
        // begin created it, empty
      }
      case CSV -> {
        if (Files.size(tmp) == 0) {
          AtomicFiles.writeString(tmp, ExampleWriter.CSV_HEADER);
        }
      }
      case CHAT_JSONL -> {
        for (String s : splits) {
          Path f = tmp.resolve(s + ".jsonl");
          if (!Files.exists(f)) {
            AtomicFiles.writeString(f, "");
          }
        }
      }
      case HF, PARQUET -> {
        // Only splits with examples: `datasets` refuses a whole data set when one of its
        // listed splits has none ("Instruction ... corresponds to no data").
        AtomicFiles.writeString(tmp.resolve("README.md"), DatasetCard.of(o, counts));
      }
      default -> throw new IllegalStateException();
    }
  }
}
