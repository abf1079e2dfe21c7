package dev.gitml.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Shared bits of the benchmarks: timing, printing, scratch directories. */
final class Bench {
  private Bench() {}

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  static void row(String what, String ours, String reference, String ratio) {
    System.out.printf(Locale.ROOT, "%-34s %22s %22s %10s%n", what, ours, reference, ratio);
  }

  static void header(String title) {
    System.out.println();
    System.out.println(title);
    row("", "gitml", "reference", "ratio");
  }

  /**
   * Whether a benchmark of several readers runs {@code reader}: every one without arguments, else
   * those named ({@code bench/run.sh ReaderIngestBench aider cursor-db}).
   */
  static boolean wanted(String[] args, String reader) {
    return args.length == 0 || List.of(args).contains(reader);
  }

  static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  /** Median wall time of running a command {@code runs} times. */
  static double medianWall(List<String> command, Path dir, int runs) throws Exception {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (p.waitFor() != 0) {
        throw new IOException("failed (" + p.exitValue() + "): " + command);
      }
      times.add(seconds(t));
    }
    return median(times);
  }

  /** Runs a command in {@code dir} with extra environment; its wall time in seconds. */
  static double run(List<String> command, Path dir, java.util.Map<String, String> env)
      throws Exception {
    long t = System.nanoTime();
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(env);
    Process p = pb.start();
    if (p.waitFor() != 0) {
      throw new IOException("failed (" + p.exitValue() + "): " + command);
    }
    return seconds(t);
  }

  /** A command's standard output, parsed as JSON. */
  static com.fasterxml.jackson.databind.JsonNode json(
      List<String> command, Path dir, java.util.Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IOException("failed (" + p.exitValue() + "): " + command);
    }
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
  }

  /** A timed action. */
  interface Timed {
    double seconds() throws Exception;
  }

  /**
   * Runs each of {@code timed} in turn until the JIT has settled: at least 12 rounds and 10 s, then
   * until the JIT compiled for less than {@value #SETTLED_PERCENT}% of the last 5 s (at most 60 s
   * in all). On two cores C2 goes on compiling an ingest pipeline's code for several seconds (for
   * Aider's history, about 25 s): fewer rounds measured the compiler as much as the code.
   */
  static void warmUp(Timed... timed) throws Exception {
    java.lang.management.CompilationMXBean jit =
        java.lang.management.ManagementFactory.getCompilationMXBean();
    long start = System.nanoTime();
    long window = start;
    long compiledAt = jit.getTotalCompilationTime();
    for (int round = 0; ; round++) {
      for (Timed t : timed) {
        t.seconds();
      }
      long now = System.nanoTime();
      if (round < 11 || now - start < 10_000_000_000L || now - window < 5_000_000_000L) {
        continue;
      }
      long compiledMs = jit.getTotalCompilationTime() - compiledAt;
      if (compiledMs * 1_000_000L * 100 < SETTLED_PERCENT * (now - window)
          || now - start > 60_000_000_000L) {
        return;
      }
      window = now;
      compiledAt = jit.getTotalCompilationTime();
    }
  }

  /** The JIT's share of a warm-up window below which it counts as settled. */
  private static final int SETTLED_PERCENT = 5;

  /**
   * Seconds of {@code gitml sessions import --path <transcript>} run by the installed command in a
   * fresh repository: what a user's one-off import costs, the JVM's start and its first, cold
   * minutes included.
   */
  static double cliImport(Path work, Path transcript) throws Exception {
    String gitml = System.getProperty("gitml.command");
    Path repo = work.resolve("cli-" + System.nanoTime());
    Files.createDirectories(repo);
    java.util.Map<String, String> env =
        java.util.Map.of("GITML_HOME", work.resolve("home").toString());
    run(List.of("git", "init", "-q"), repo, env);
    run(List.of(gitml, "init", "--no-hooks", "--no-backfill"), repo, env);
    double s =
        run(List.of(gitml, "sessions", "import", "--path", transcript.toString()), repo, env);
    deleteTree(repo);
    return s;
  }

  /** The median of {@code runs} timings. */
  static double median(int runs, Timed timed) throws Exception {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      times.add(timed.seconds());
    }
    return median(times);
  }

  static double median(List<Double> times) {
    List<Double> sorted = new ArrayList<>(times);
    sorted.sort(Comparator.naturalOrder());
    return sorted.get(sorted.size() / 2);
  }

  static Path scratch(String name) throws IOException {
    Path dir = Path.of("bench/work", name).toAbsolutePath();
    deleteTree(dir);
    Files.createDirectories(dir);
    return dir;
  }

  static void deleteTree(Path dir) throws IOException {
    dev.gitml.storage.DataDir.deleteTree(dir);
  }

  /** Transcripts read whole and stored as {@code gitml sessions import} does; a failure throws. */
  static void importAll(dev.gitml.collector.session.SessionIngest ingest, List<Path> transcripts)
      throws IOException {
    ingest.finishAll(
        transcripts,
        new dev.gitml.collector.session.SessionIngest.Outcome() {
          @Override
          public void finished(
              Path transcript, dev.gitml.collector.session.SessionIngest.Result r) {}

          @Override
          public void failed(Path transcript, Exception e) {
            throw new IllegalStateException(transcript + ": " + e.getMessage(), e);
          }
        });
  }

  /**
   * Exports the store of {@code repo} as {@code gitml export --format F --task T --out OUT} does,
   * in this process (seed 42, no window, the user's home as the surroundings).
   */
  static dev.gitml.collector.export.Exporter.Result export(
      Path repo,
      dev.gitml.collector.export.Format format,
      dev.gitml.collector.export.Task task,
      Path out)
      throws Exception {
    try (dev.gitml.storage.Store store =
        dev.gitml.storage.Store.open(dev.gitml.storage.DataDir.of(repo))) {
      return dev.gitml.collector.export.Exporter.run(
          store,
          new dev.gitml.collector.export.Exporter.Options(
              format, List.of(task), out, 42, 0, 0, null, true),
          new dev.gitml.collector.export.Exporter.Surroundings(
              repo,
              null,
              Path.of(System.getProperty("user.home")),
              null,
              java.time.Clock.systemUTC()));
    }
  }
}
