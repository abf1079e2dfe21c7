package dev.gitml.collector.repo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the user's {@code git} in a work tree, for what only git itself does right (the hooks
 * directory, commits that honour the user's config). The {@code GIT_*} variables a hook inherits
 * are cleared, since they name another repository's state, and {@code GITML_IN_HOOK=1} tells
 * gitml's own hooks to stay out of it (DESIGN §5).
 */
public final class GitCommand {
  private static final long TIMEOUT_SECONDS = 120;
  private static final List<String> INHERITED = List.of("GIT_DIR", "GIT_WORK_TREE",
      "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY", "GIT_PREFIX");

  private GitCommand() {}

  /** What git said: its exit code and its output (stdout and stderr together). */
  public record Output(int exit, String text) {
    public boolean ok() {
      return exit == 0;
    }
  }

  /** Runs {@code git args…} in {@code workTree}; {@link IOException} when git cannot be run. */
  public static Output run(Path workTree, String... args) throws IOException {
    return run(Duration.ofSeconds(TIMEOUT_SECONDS), workTree, args);
  }

  /**
   * Runs git, its output read on another thread so that the time limit holds even when git
   * hangs holding its pipe open (a credential prompt, a hook, a network mount).
   */
  static Output run(Duration timeout, Path workTree, String... args) throws IOException {
    List<String> command = new ArrayList<>(args.length + 1);
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workTree.toFile())
        .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
            new java.io.File("/dev/null")));
    INHERITED.forEach(pb.environment()::remove);
    pb.environment().put("GITML_IN_HOOK", "1");
    Process p = pb.start();
    CompletableFuture<String> text = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    });
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IOException("git " + args[0] + ": no answer after " + timeout.toSeconds()
            + " s");
      }
      return new Output(p.exitValue(), text.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("git " + args[0] + ": interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("git " + args[0] + ": its output could not be read", e);
    }
  }
}
