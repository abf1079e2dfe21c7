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
import java.util.concurrent.TimeUnit;

/**
 * Runs the user's {@code git} in a work tree, for what only git itself does right (the hooks
 * directory, commits that honour the user's config). The {@code GIT_*} variables a hook inherits
 * are cleared, since they name another repository's state, and {@code GITML_IN_HOOK=1} tells
 * gitml's own hooks to stay out of it (docs/events.md).
 */
public final class GitCommand {
  private static final long TIMEOUT_SECONDS = 120;
  private static final List<String> INHERITED =
      List.of(
          "GIT_DIR",
          "GIT_WORK_TREE",
          "GIT_INDEX_FILE",
          "GIT_COMMON_DIR",
          "GIT_OBJECT_DIRECTORY",
          "GIT_PREFIX");

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
   * added to its environment (after the inherited {@code GIT_*} variables are cleared, so a {@code
   * GIT_INDEX_FILE} given here is the one git sees). For git's plumbing: its output may be binary
   * (a blob), and what it says on standard error is not mixed into it.
   */
  public static Result exec(Path workTree, Map<String, String> env, byte[] stdin, String... args)
      throws IOException {
    return execute(Duration.ofSeconds(TIMEOUT_SECONDS), workTree, env, stdin, false, args);
  }

  /** Runs {@code git args…} in {@code workTree}; {@link IOException} when git cannot be run. */
  public static Output run(Path workTree, String... args) throws IOException {
    return run(Duration.ofSeconds(TIMEOUT_SECONDS), workTree, args);
  }

  static Output run(Duration timeout, Path workTree, String... args) throws IOException {
    Result r = execute(timeout, workTree, Map.of(), null, true, args);
    return new Output(r.exit(), r.text());
  }

  /**
   * Runs git with its output and error read on threads of their own, so that the time limit holds
   * even when git hangs holding its pipes open (a credential prompt, a hook, a network mount), and
   * a full error pipe never stalls the output. {@code stdin} null: /dev/null; {@code together}:
   * standard error merged into the output.
   */
  private static Result execute(
      Duration timeout,
      Path workTree,
      Map<String, String> env,
      byte[] stdin,
      boolean together,
      String... args)
      throws IOException {
    List<String> command = new ArrayList<>(args.length + 1);
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(workTree.toFile()).redirectErrorStream(together);
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    INHERITED.forEach(pb.environment()::remove);
    pb.environment().put("GITML_IN_HOOK", "1");
    pb.environment().putAll(env);
    Process p = pb.start();
    Drain out = new Drain(p.getInputStream());
    Drain err = new Drain(together ? InputStream.nullInputStream() : p.getErrorStream());
    try {
      if (stdin != null) {
        try (OutputStream in = p.getOutputStream()) {
          in.write(stdin);
        } catch (IOException e) {
          // git exited without reading all of its input; its exit code and message say why
        }
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IOException("git " + args[0] + ": no answer after " + timeout.toSeconds() + " s");
      }
      return new Result(
          p.exitValue(),
          out.bytes(timeout),
          new String(err.bytes(timeout), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("git " + args[0] + ": interrupted", e);
    }
  }

  /** Reads a stream to its end on a thread of its own. */
  private static final class Drain {
    private final Thread thread;
    private volatile byte[] bytes = new byte[0];

    Drain(InputStream in) {
      thread =
          new Thread(
              () -> {
                try (in) {
                  bytes = in.readAllBytes();
                } catch (IOException e) {
                  // the process was stopped: what was read is lost with it
                }
              },
              "gitml-git-output");
      thread.setDaemon(true);
      thread.start();
    }

    byte[] bytes(Duration timeout) throws InterruptedException, IOException {
      thread.join(timeout.toMillis());
      if (thread.isAlive()) {
        throw new IOException("git's output did not end within " + timeout.toSeconds() + " s");
      }
      return bytes;
    }
  }
}
