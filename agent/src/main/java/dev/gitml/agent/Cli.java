package dev.gitml.agent;

import dev.gitml.storage.ErrorText;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs one {@code gitml} command line with the given output streams and maps its outcome to an
 * exit code, in this one place: 0 ok, 1 failure, 2 bad usage. A failure prints one line,
 * {@code gitml: <what went wrong>}; {@code --verbose} adds the stack trace.
 */
public final class Cli {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  private Cli() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.in, out, err);
  }

  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return run(args, in, out, err, System.getenv());
  }

  /** A run with its own environment ({@code GITML_HOME} and the like), as tests need. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err,
      java.util.Map<String, String> env) {
    GitmlCommand root = new GitmlCommand(in, out, err, env);
    CommandLine cl = new CommandLine(root);
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE
        : FAILURE);
    cl.setExecutionExceptionHandler((e, command, parsed) -> {
      if (e instanceof UsageException) {
        err.println("gitml: " + e.getMessage());
        return USAGE;
      }
      err.println("gitml: " + ErrorText.of(e));
      if (root.verbose()) {
        e.printStackTrace(err);
      }
      return FAILURE;
    });
    return cl.execute(args);
  }

  /** A mistake in how the command was called: exit code 2. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }

  /** The command ran but what the user asked for failed: exit code 1, message already shown. */
  public static final class FailedException extends RuntimeException {
    public FailedException(String message) {
      super(message);
    }
  }
}
