package dev.gitml.agent;

import dev.gitml.storage.ErrorText;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs one {@code gitml} command line with the given output streams and maps its outcome to an exit
 * code, in this one place: 0 ok, 1 failure, 2 bad usage. A failure prints one line, {@code gitml:
 * <what went wrong>}; {@code --verbose} adds the stack trace.
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
  public static int run(
      String[] args,
      InputStream in,
      PrintStream out,
      PrintStream err,
      java.util.Map<String, String> env) {
    return run(args, in, out, err, env, java.time.Clock.systemUTC());
  }

  /** A run with its own environment and clock (retention, dates and seeds in tests). */
  public static int run(
      String[] args,
      InputStream in,
      PrintStream out,
      PrintStream err,
      java.util.Map<String, String> env,
      java.time.Clock clock) {
    return run(args, in, out, err, env, clock, Path.of(System.getProperty("user.dir")));
  }

  /**
   * A run in the directory {@code cwd} rather than the process's: a command line the daemon runs
   * for a client ({@link ServedCommands}).
   */
  static int run(
      String[] args,
      InputStream in,
      PrintStream out,
      PrintStream err,
      java.util.Map<String, String> env,
      java.time.Clock clock,
      Path cwd) {
    GitmlCommand root = new GitmlCommand(in, out, err, env, clock, cwd);
    CommandLine cl = new CommandLine(root.spec());
    addSubcommands(cl, args);
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setParameterExceptionHandler(
        (e, badArgs) -> {
          err.println("gitml: " + oneLine(e.getMessage()));
          err.println(hint(e));
          if (root.verbose()) {
            e.printStackTrace(err);
          }
          return USAGE;
        });
    cl.setExitCodeExceptionMapper(
        e -> e instanceof CommandLine.ParameterException ? USAGE : FAILURE);
    cl.setExecutionExceptionHandler(
        (e, command, parsed) -> {
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

  /** A parser's message on one line. */
  private static String oneLine(String message) {
    return message == null ? "bad usage" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  /**
   * The line after a usage error: the commands near a misspelt one, and where the usage is ({@code
   * see gitml export --help}), instead of picocli's whole usage text.
   */
  static String hint(CommandLine.ParameterException e) {
    List<String> near =
        e instanceof CommandLine.UnmatchedArgumentException u ? u.getSuggestions() : List.of();
    String command = e.getCommandLine().getCommandSpec().qualifiedName();
    return (near.isEmpty() ? "" : "did you mean " + String.join(" or ", near) + "? ")
        + "see "
        + command
        + " --help";
  }

  /**
   * Adds the subcommand the arguments name, or all of them when they name none (help, usage errors
   * and "did you mean" need the full list).
   */
  private static void addSubcommands(CommandLine cl, String[] args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return;
    }
    String word = commandWord(args);
    for (Class<?> command : GitmlCommand.COMMANDS) {
      CommandLine.Command names = command.getAnnotation(CommandLine.Command.class);
      if (word != null
          && (names.name().equals(word) || Arrays.asList(names.aliases()).contains(word))) {
        cl.addSubcommand(command);
        return;
      }
    }
    GitmlCommand.COMMANDS.forEach(cl::addSubcommand);
  }

  /** The first argument that is not one of the root command's options, or null. */
  static String commandWord(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-C")) {
        i++;
      } else if (a.equals("--verbose") || a.startsWith("-C")) {
        continue;
      } else {
        return a.startsWith("-") || a.startsWith("@") ? null : a;
      }
    }
    return null;
  }

  /** A mistake in how the command was called: exit code 2. */
  public static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  /** The command ran but what the user asked for failed: exit code 1, message already shown. */
  public static final class FailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FailedException(String message) {
      super(message);
    }
  }
}
