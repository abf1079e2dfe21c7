package dev.gitml.collector.repo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the user's {@code git} in a work tree, for what only git itself does right (the hooks
 * directory, commits that honour the user's config). The {@code GIT_*} variables a hook inherits
 * are cleared, since they name another repository's state, and {@code GITML_IN_HOOK=1} tells
 * gitml's own hooks to stay out of it (docs/events.md).
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

  /** What git printed, kept apart: its exit code, standard output as bytes, standard error. */
  public record Result(int exit, byte[] stdout, String stderr) {
    public boolean ok() {
      return exit == 0;
    }

    public String text() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }

  /**
   * Runs {@code git args…} in {@code workTree} with {@code stdin} as its input and {@code env}
   * added to its environment (after the inherited {@code GIT_*} variables are cleared, so a
   * {@code GIT_INDEX_FILE} given here is the one git sees). For git's plumbing: its output may
   * be binary (a blob), and what it says on standard error is not mixed into it.
   */
  public static Result exec(Path workTree, Map<String, String> env, byte[] stdin, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(args.length + 1);
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workTree.toFile());
    INHERITED.forEach(pb.environment()::remove);
    pb.environment().put("GITML_IN_HOOK", "1");
    pb.environment().putAll(env);
    Process p = pb.start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    try {
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin);
      } catch (IOException e) {
        // git exited without reading all of its input; its exit code and message say why
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IOException("git " + args[0] + ": no answer after " + TIMEOUT_SECONDS + " s");
      }
      return new Result(p.exitValue(), out.get(TIMEOUT_SECONDS, TimeUnit.SECONDS),
          new String(err.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("git " + args[0] + ": interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("git " + args[0] + ": its output could not be read", e);
    }
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
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
