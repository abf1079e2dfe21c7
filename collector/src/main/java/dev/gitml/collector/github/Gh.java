package dev.gitml.collector.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The GitHub CLI, run in the repository's work tree so that it finds the repository from its
 * remote, with the run's environment only (its {@code PATH}, {@code HOME}, {@code GH_TOKEN}).
 */
public final class Gh {
  private static final long TIMEOUT_SECONDS = 120;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path binary;
  private final Path workTree;
  private final Map<String, String> env;

  Gh(Path binary, Path workTree, Map<String, String> env) {
    this.binary = binary;
    this.workTree = workTree;
    this.env = Map.copyOf(env);
  }

  /**
   * The {@code gh} on {@code env}'s {@code PATH}, logged in; {@link GhException} saying which is
   * missing otherwise.
   */
  public static Gh require(Path workTree, Map<String, String> env) throws IOException {
    Path binary =
        onPath(env)
            .orElseThrow(
                () ->
                    new GhException(
                        "gh (the GitHub CLI) is not on PATH: install it from https://cli.github.com"
                            + " to collect pull requests and issues"));
    Gh gh = new Gh(binary, workTree, env);
    Answer a = gh.run("auth", "status");
    if (a.exit() != 0) {
      throw new GhException("gh is not logged in to GitHub: run gh auth login");
    }
    return gh;
  }

  /** The first executable {@code gh} on the {@code PATH} of {@code env}. */
  static Optional<Path> onPath(Map<String, String> env) {
    String path = env.get("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "gh");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** What {@code gh args…} printed, as JSON; {@link GhException} when it failed or printed else. */
  public JsonNode json(String... args) throws IOException {
    Answer a = run(args);
    String what = "gh " + String.join(" ", List.of(args).subList(0, Math.min(3, args.length)));
    if (a.exit() != 0) {
      throw new GhException(what + " failed (exit " + a.exit() + "): " + oneLine(a.err()));
    }
    try {
      return JSON.readTree(a.out());
    } catch (IOException e) {
      throw new GhException(what + " printed no JSON: " + oneLine(e.getMessage()));
    }
  }

  private record Answer(int exit, byte[] out, String err) {}

  private Answer run(String... args) throws IOException {
    List<String> command = new ArrayList<>(args.length + 1);
    command.add(binary.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workTree.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.environment().put("GH_PROMPT_DISABLED", "1");
    pb.environment().put("NO_COLOR", "1");
    Process p = pb.start();
    CompletableFuture<byte[]> out = drain(p.getInputStream());
    CompletableFuture<byte[]> err = drain(p.getErrorStream());
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new GhException("gh " + args[0] + ": no answer after " + TIMEOUT_SECONDS + " s");
      }
      return new Answer(
          p.exitValue(),
          out.get(TIMEOUT_SECONDS, TimeUnit.SECONDS),
          new String(err.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new GhException("gh " + args[0] + ": interrupted");
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new GhException("gh " + args[0] + ": its output could not be read: " + e.getMessage());
    }
  }

  /** Reads a stream to its end on a thread of its own (a full pipe must never stall gh). */
  private static CompletableFuture<byte[]> drain(InputStream in) {
    CompletableFuture<byte[]> bytes = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try (in) {
                bytes.complete(in.readAllBytes());
              } catch (IOException e) {
                bytes.completeExceptionally(e);
              }
            },
            "gitml-gh-output");
    t.setDaemon(true);
    t.start();
    return bytes;
  }

  private static String oneLine(String s) {
    String t = s == null ? "" : s.strip().replaceAll("\\s+", " ");
    return t.length() > 300 ? t.substring(0, 299) + "…" : t;
  }
}
