package dev.gitml.agent;

import dev.gitml.agent.chunks.ChunksCommand;
import dev.gitml.collector.daemon.GitmlHome;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.storage.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * {@code gitml [-C DIR] [--verbose] <command>}. Its picocli model is built by hand in {@link
 * #spec()}: reflection over an annotated root costs start-up time every command pays.
 */
public final class GitmlCommand implements Runnable {
  /**
   * The subcommands, in the order {@code --help} lists them. {@link Cli} adds to picocli only the
   * one a command line names (building the model of all of them is most of a command's start-up).
   */
  static final List<Class<?>> COMMANDS =
      List.of(
          InitCommand.class,
          StatsCommand.class,
          MigrateCommand.class,
          ChunksCommand.class,
          RedactCommand.class,
          CaptureCommand.class,
          BackfillCommand.class,
          DaemonCommand.class,
          StatusCommand.class,
          UninstallCommand.class,
          SyncCommand.class,
          SessionsCommand.class,
          ClaudeCommand.class,
          AssistantsCommand.class,
          FeedbackCommand.class,
          ChatCommand.class,
          ActionCommand.class,
          SessionCommand.class,
          HandoffCommand.class,
          OrchestrationCommand.class,
          TrainCommand.class,
          PredictCommand.class,
          EvaluateCommand.class,
          ExportCommand.class,
          CleanupCommand.class,
          EstimateCommand.class,
          QualityCommand.class,
          PatternsCommand.class,
          ContributeCommand.class,
          ReportCommand.class,
          SearchCommand.class,
          WhyCommand.class,
          ShowCommand.class,
          McpCommand.class,
          SqlCommand.class,
          CiCommand.class,
          RevertCommand.class,
          GithubCommand.class,
          LinkTasksCommand.class);

  private final Map<String, String> env;
  private final Clock clock;
  private final Path cwd;
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;

  private CommandSpec spec;
  private Path directory;
  private boolean verbose;

  GitmlCommand(
      InputStream in,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Clock clock,
      Path cwd) {
    this.env = Map.copyOf(env);
    this.clock = clock;
    this.cwd = cwd;
    this.in = in;
    this.out = out;
    this.err = err;
  }

  /** The root command's model: options {@code -C DIR}, {@code --verbose}, help and version. */
  CommandSpec spec() {
    if (spec != null) {
      return spec;
    }
    spec = CommandSpec.wrapWithoutInspection(this);
    spec.name("gitml")
        .versionProvider(new Version())
        .mixinStandardHelpOptions(true)
        .scopeType(ScopeType.INHERIT);
    spec.usageMessage()
        .description("Turns the work in a git repository into a private training data set.");
    spec.addOption(
        OptionSpec.builder("-C")
            .paramLabel("DIR")
            .type(Path.class)
            .description("Run as if gitml was started in DIR (like git -C).")
            .setter(
                new ISetter() {
                  @Override
                  public <T> T set(T value) {
                    directory = (Path) value;
                    return null;
                  }
                })
            .build());
    spec.addOption(
        OptionSpec.builder("--verbose")
            .arity("0")
            .type(boolean.class)
            .scopeType(ScopeType.INHERIT)
            .description("Show stack traces of failures.")
            .setter(
                new ISetter() {
                  @Override
                  public <T> T set(T value) {
                    verbose = Boolean.TRUE.equals(value);
                    return null;
                  }
                })
            .build());
    return spec;
  }

  @Override
  public void run() {
    spec.commandLine().usage(out);
  }

  /** gitml's per-user home ({@code GITML_HOME}, docs/formats.md) in this run's environment. */
  public GitmlHome home() {
    return GitmlHome.of(env, userHome().toString());
  }

  /**
   * The user's home: {@code HOME} of this run's environment, as the launcher and git take it (the
   * JVM's {@code user.home} where it is unset).
   */
  public Path userHome() {
    String home = env.get("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
  }

  public Map<String, String> env() {
    return env;
  }

  /** The time of this run: every "now" a command needs comes from here. */
  public Clock clock() {
    return clock;
  }

  public InputStream in() {
    return in;
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  boolean verbose() {
    return verbose;
  }

  /**
   * The directory the command runs in: {@code -C DIR} or the current one (the process's, or the
   * client's for a command the daemon runs).
   */
  public Path startDirectory() {
    Path dir = directory == null ? cwd : cwd.resolve(directory).normalize();
    if (!Files.isDirectory(dir)) {
      throw new Cli.UsageException("cannot change to '" + directory + "': no such directory");
    }
    return dir;
  }

  public Workspace workspace() throws IOException {
    return Workspace.require(startDirectory());
  }

  /** Opens the store of this repository's data directory. */
  public Store openStore() throws IOException {
    return Store.open(workspace().dataDir());
  }
}
