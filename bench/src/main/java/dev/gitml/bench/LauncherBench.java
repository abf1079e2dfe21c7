package dev.gitml.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The launcher with an assistant's hook input (issue 14, item 8): the time from the assistant
 * writing a 100 kB, 1 MB and 10 MB JSON input (a Write of a large file) to the hook returning,
 * median of 5. References in the same run: {@code cat} of the same bytes into a file (the floor:
 * one fork and the copy), and the launcher's earlier way of reading stdin, a {@code read} loop (one
 * builtin call per line, the string growing each time).
 */
public final class LauncherBench {
  private static final String READ_LOOP =
      "body=\n"
          + "while IFS= read -r line || [ -n \"$line\" ]; do body=\"$body$line\n\"; done\n"
          + "printf '%s' \"$body\" > \"$1\"\n";

  private LauncherBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Bench.scratch("launcher");
    Path launcher = Path.of("hooks/gitml-hook").toAbsolutePath();
    Path repo = work.resolve("repo");
    Files.createDirectories(repo);
    Bench.run(List.of("git", "init", "-q"), repo, Map.of());
    Path loop = work.resolve("read-loop.sh");
    Files.writeString(loop, READ_LOOP);
    Map<String, String> env =
        Map.of("GITML_HOME", work.resolve("home").toString(), "GITML_BIN", "/bin/true");
    Bench.header("assistant hook input to the launcher returning (median of 5)");
    for (int kb : new int[] {100, 1024, 10 * 1024}) {
      Path input = input(work, kb);
      double ours = median(List.of("sh", launcher.toString(), "claude:Stop"), input, repo, env);
      double cat =
          median(
              List.of("sh", "-c", "cat > \"$0\"", work.resolve("copy").toString()),
              input,
              repo,
              env);
      double old =
          kb > 1024
              ? Double.NaN
              : median(
                  List.of("sh", loop.toString(), work.resolve("copy").toString()),
                  input,
                  repo,
                  env);
      Bench.row(
          Bench.mb(Files.size(input)) + " input",
          Bench.fmt("%.3f s", ours),
          Bench.fmt("cat %.3f s", cat),
          Bench.fmt("%.1fx", ours / cat));
      Bench.row(
          "",
          "",
          Double.isNaN(old) ? "read loop: not run" : Bench.fmt("read loop %.3f s", old),
          Double.isNaN(old) ? "" : Bench.fmt("%.3fx", ours / old));
    }
    Bench.deleteTree(work);
  }

  private static Path input(Path work, int kb) throws Exception {
    Path f = work.resolve("input-" + kb + ".json");
    StringBuilder content = new StringBuilder();
    String line = "x".repeat(79) + "\\n";
    while (content.length() < kb * 1024) {
      content.append(line);
    }
    Files.writeString(
        f,
        "{\"session_id\": \"s\", \"cwd\": \"/src\", \"tool_name\": \"Write\","
            + " \"tool_input\": {\"content\": \""
            + content
            + "\"}}\n",
        StandardCharsets.UTF_8);
    return f;
  }

  private static double median(List<String> command, Path input, Path dir, Map<String, String> env)
      throws Exception {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectInput(input.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().putAll(env);
      long t = System.nanoTime();
      if (pb.start().waitFor() != 0) {
        throw new IllegalStateException("failed: " + command);
      }
      times.add(Bench.seconds(t));
    }
    return Bench.median(times);
  }
}
