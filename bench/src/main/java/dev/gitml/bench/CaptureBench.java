package dev.gitml.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * docs/targets.md, the capture path with a running daemon:
 *
 * <ul>
 *   <li>hook overhead: median {@code git commit} time in a repository with gitml's hooks against
 *       the same repository shape without them, commits interleaved in one run (target ≤ 1.5×; the
 *       Python collector's hook: 97×, 2.5 ms → 241 ms);
 *   <li>commit to durable record with a warm daemon: from {@code git commit} returning until the
 *       daemon has written the records and deleted the event (target p95 ≤ 1 s);
 *   <li>the daemon's resident memory once idle (target ≤ 100 MB).
 * </ul>
 *
 * The repositories have 200 files, as in the starting contract's measurements.
 */
public final class CaptureBench {
  private static final int FILES = 200;

  private CaptureBench() {}

  public static void main(String[] args) throws Exception {
    int commits = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    Path work = Bench.scratch("capture");
    String gitml = System.getProperty("gitml.command");
    Path home = work.resolve("home");
    Map<String, String> env = new HashMap<>();
    env.put("GITML_HOME", home.toString());
    env.put("GITML_BIN", gitml);
    Path plain = repository(work.resolve("plain"), env);
    Path hooked = repository(work.resolve("hooked"), env);
    Bench.run(List.of(gitml, "init", "--no-backfill"), hooked, env);
    Bench.run(List.of(gitml, "daemon", "start"), hooked, env);
    try {
      // warm both (page cache, the daemon's JIT) before measuring
      for (int i = 0; i < 5; i++) {
        commit(plain, env, "warm " + i);
        commit(hooked, env, "warm " + i);
        awaitEmptyInbox(home);
      }
      List<Double> without = new ArrayList<>();
      List<Double> with = new ArrayList<>();
      List<Double> durable = new ArrayList<>();
      for (int i = 0; i < commits; i++) {
        without.add(commit(plain, env, "change " + i));
        with.add(commit(hooked, env, "change " + i));
        long committed = System.nanoTime();
        awaitEmptyInbox(home);
        durable.add(Bench.seconds(committed));
      }
      Thread.sleep(8000); // past the daemon's settling time
      long pid = Long.parseLong(Files.readString(home.resolve("daemon.pid")).strip());
      long rssKb = rssKb(pid);
      int stored =
          Bench.json(List.of(gitml, "stats", "--json"), hooked, env).get("commits").asInt();

      Bench.header(
          "capture: " + commits + " commits in a " + FILES + "-file repository, daemon running");
      double w = percentile(with, 50);
      double wo = percentile(without, 50);
      Bench.row(
          "git commit, median",
          Bench.fmt("%.1f ms with hooks", w * 1e3),
          Bench.fmt("%.1f ms without", wo * 1e3),
          Bench.fmt("%.2f×", w / wo));
      Bench.row(
          "commit to durable record, p50",
          Bench.fmt("%.0f ms", percentile(durable, 50) * 1e3),
          "target ≤ 1000 ms",
          "");
      Bench.row(
          "commit to durable record, p95",
          Bench.fmt("%.0f ms", percentile(durable, 95) * 1e3),
          "target ≤ 1000 ms",
          "");
      Bench.row(
          "daemon resident memory, idle",
          Bench.fmt("%.0f MB", rssKb / 1024.0),
          "target ≤ 100 MB",
          "");
      Bench.row(
          "commits stored", Integer.toString(stored), Integer.toString(commits + 6) + " made", "");
      System.out.println("(the Python collector's hook: 97×, 2.5 ms → 241 ms per commit)");
    } finally {
      Bench.run(List.of(gitml, "daemon", "stop"), hooked, env);
    }
  }

  /** A repository of {@link #FILES} small files in one commit. */
  private static Path repository(Path dir, Map<String, String> env) throws Exception {
    Files.createDirectories(dir);
    for (int i = 0; i < FILES; i++) {
      Path f = dir.resolve("src/module" + i % 10 + "/File" + i + ".java");
      Files.createDirectories(f.getParent());
      Files.writeString(f, "class File" + i + " {\n  int value = " + i + ";\n}\n");
    }
    Bench.run(List.of("git", "init", "-q", "-b", "main"), dir, env);
    Bench.run(List.of("git", "config", "user.name", "Bench"), dir, env);
    Bench.run(List.of("git", "config", "user.email", "bench@example.org"), dir, env);
    Bench.run(List.of("git", "add", "-A"), dir, env);
    Bench.run(List.of("git", "commit", "-q", "-m", "initial"), dir, env);
    return dir;
  }

  /** Changes one file, stages it, and times {@code git commit} alone. */
  private static double commit(Path repo, Map<String, String> env, String message)
      throws Exception {
    Path f = repo.resolve("src/module3/File13.java");
    Files.writeString(f, Files.readString(f) + "// " + message + "\n");
    Bench.run(List.of("git", "add", "-A"), repo, env);
    return Bench.run(List.of("git", "commit", "-q", "-m", message), repo, env);
  }

  /** Waits until the daemon has deleted every event (its records are then durable). */
  private static void awaitEmptyInbox(Path home) throws Exception {
    Path inbox = home.resolve("inbox");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (pending(inbox) > 0) {
      if (System.nanoTime() > deadline) {
        throw new IOException("the daemon left events in " + inbox + " for 30 s");
      }
      Thread.sleep(1);
    }
  }

  private static long pending(Path inbox) throws IOException {
    if (!Files.isDirectory(inbox)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(inbox)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS for pid " + pid);
  }

  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.naturalOrder());
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}
