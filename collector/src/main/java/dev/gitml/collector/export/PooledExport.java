package dev.gitml.collector.export;

import dev.gitml.collector.repo.Workspace;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.files.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One data set from several repositories set up with gitml (docs/formats.md, exports of many
 * repositories). Each repository is read in turn, in the order of its path, one store open at a
 * time, and named by its folder ({@link RepoNames}). Each example carries that name ({@code repo}),
 * which is also its partition in a directory export ({@code
 * data/<task>/repo=<name>/<split>.jsonl}). Splits keep each repository's time order: commits by
 * time as in one repository, chats and trajectories by their session's first time ({@link
 * SessionSplits}), so a session never straddles two splits and each repository's newest work is its
 * test. The same example met again in a later repository (the same input and output: a commit
 * cherry-picked or pushed to two remotes, a session imported twice) is kept once, in the first
 * ({@link SeenExamples}).
 */
public final class PooledExport {
  private PooledExport() {}

  /** The repositories in the order they are read, each with its name in the export. */
  public record Source(Workspace workspace, String name) {}

  /**
   * The repositories of {@code workspaces}, each once, ordered by path (so that the same
   * repositories make the same export in whatever order they are named) and named uniquely.
   */
  public static List<Source> sources(List<Workspace> workspaces) {
    Map<String, Workspace> byPath = new java.util.TreeMap<>();
    for (Workspace w : workspaces) {
      byPath.putIfAbsent(w.workTree().toAbsolutePath().normalize().toString(), w);
    }
    List<Workspace> sorted = new ArrayList<>(byPath.values());
    List<String> names = RepoNames.of(sorted.stream().map(Workspace::workTree).toList());
    List<Source> out = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      out.add(new Source(sorted.get(i), names.get(i)));
    }
    return out;
  }

  /**
   * Writes the export {@code o} asks for from every repository of {@code sources}: refused where
   * any of them refuses it ({@link ExportTarget}), swapped in whole.
   */
  public static Exporter.Result run(
      List<Source> sources, Exporter.Options o, Path home, Path gitmlHome, Clock clock)
      throws IOException {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no repositories to export");
    }
    Path out = o.out().toAbsolutePath().normalize();
    for (Source src : sources) {
      Workspace w = src.workspace();
      ExportTarget.check(
          out,
          o.format(),
          o.force(),
          w.dataDir(),
          new Exporter.Surroundings(w.workTree(), w.gitDir(), home, gitmlHome, clock));
    }
    Path tmp = ExportTarget.begin(out, o.format());
    try {
      Map<String, Map<String, Integer>> counts = write(sources, o, tmp);
      complete(o, tmp, counts);
      if (o.format().directory()) {
        ExportMarker.write(tmp, o.format(), clock.instant());
      }
      ExportTarget.swap(tmp, out);
      return new Exporter.Result(out, counts);
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
   * As {@link #run}, a file export written whole to a private temporary in the first repository's
   * {@code .git-ml/exports/}, then copied to {@code sink}.
   */
  public static Exporter.Result stream(
      List<Source> sources,
      Exporter.Options o,
      Path home,
      Path gitmlHome,
      Clock clock,
      OutputStream sink)
      throws IOException {
    if (o.format().directory()) {
      throw new IllegalArgumentException(o.format() + " writes a directory, not a stream");
    }
    DataDir first = sources.get(0).workspace().dataDir();
    Path file = first.exports().resolve(".stream-" + UUID.randomUUID());
    try {
      Exporter.Result r =
          run(
              sources,
              new Exporter.Options(
                  o.format(),
                  o.tasks(),
                  file,
                  o.seed(),
                  o.since(),
                  o.until(),
                  o.minRating(),
                  false,
                  o.excludeReverted()),
              home,
              gitmlHome,
              clock);
      Files.copy(file, sink);
      sink.flush();
      return new Exporter.Result(null, r.counts());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static Map<String, Map<String, Integer>> write(
      List<Source> sources, Exporter.Options o, Path tmp) throws IOException {
    SeenExamples seen = new SeenExamples();
    try (ExampleWriter w = new ExampleWriter(o.format(), tmp, true)) {
      for (Source src : sources) {
        try (Store store = Store.open(src.workspace().dataDir())) {
          Examples.Filter window =
              new Examples.Filter(o.since(), o.until(), o.minRating(), o.seed());
          Examples.Filter f =
              new Examples.Filter(
                  o.since(),
                  o.until(),
                  o.minRating(),
                  o.seed(),
                  SessionSplits.of(store, window),
                  o.excludeReverted());
          String name = src.name();
          for (Task t : o.tasks()) {
            if (t == Task.TRAJECTORY) {
              Trajectories.read(
                  store,
                  f,
                  name,
                  tr -> {
                    if (seen.first(tr)) {
                      w.write(tr.in(name, tr.split()));
                    }
                  });
              continue;
            }
            Exporter.examples(
                store,
                t,
                f,
                e -> {
                  if (Examples.hasBothSides(e) && seen.first(e)) {
                    w.write(t, e.in(name, e.split()));
                  }
                });
          }
        }
      }
      return w.counts();
    }
  }

  /** The files every reader expects, as {@link Exporter#complete}, with the partitioned card. */
  private static void complete(
      Exporter.Options o, Path tmp, Map<String, Map<String, Integer>> counts) throws IOException {
    switch (o.format()) {
      case CSV -> {
        if (Files.size(tmp) == 0) {
          AtomicFiles.writeString(tmp, ExampleWriter.CSV_HEADER_BY_REPO);
        }
      }
      case HF -> AtomicFiles.writeString(tmp.resolve("README.md"), DatasetCard.of(o, counts, true));
      default -> Exporter.complete(o, tmp, counts);
    }
  }
}
