package dev.gitml.agent;

import dev.gitml.collector.export.ExportRefusedException;
import dev.gitml.collector.export.Exporter;
import dev.gitml.collector.export.Format;
import dev.gitml.collector.export.PooledExport;
import dev.gitml.collector.export.Task;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.collector.report.Ratings;
import dev.gitml.storage.Store;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gitml export --format jsonl|csv|hf|chat-jsonl --task chat|commit-message|
 * file-prediction|trajectory|all --out PATH [--with-tools] [--repos DIR... | --all-registered]
 * [--seed N] [--since DATE] [--until DATE] [--min-rating R] [--force]}.
 */
@Command(name = "export", description = "Write a training data set with deterministic splits.")
final class ExportCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(
      names = "--format",
      required = true,
      paramLabel = "jsonl|csv|hf|chat-jsonl|parquet",
      description =
          "One JSONL file, one CSV file, a Hugging Face data set directory, a"
              + " directory of chat-message JSONL per split, or a Hugging Face data set of"
              + " Parquet files.")
  String format;

  @Option(
      names = "--task",
      defaultValue = "all",
      paramLabel = "chat|commit-message|file-prediction|trajectory|all",
      description =
          "What to teach (all: chat, commit-message, file-prediction; trajectory: each chat's"
              + " steps as tool-calling messages, asked by name).")
  String task;

  @Option(
      names = "--with-tools",
      description =
          "chat-jsonl: chats as their whole trajectory (tool calls and results), messages and"
              + " tools only.")
  boolean withTools;

  @Option(
      names = "--repos",
      arity = "1..*",
      paramLabel = "DIR",
      description = "Pool these repositories set up with gitml, partitioned by repository.")
  List<Path> repos;

  @Option(
      names = "--all-registered",
      description = "Pool every repository registered with the daemon (gitml init).")
  boolean allRegistered;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "PATH",
      description =
          "A file (jsonl, csv; - for standard output) or a directory (hf," + " chat-jsonl).")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "N",
      description = "Seed of the chat split by session (42).")
  long seed;

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description =
          "Only records from DATE on (yyyy-mm-dd or ISO-8601); split inside the" + " window.")
  String since;

  @Option(
      names = "--until",
      paramLabel = "DATE",
      description = "Only records up to DATE (yyyy-mm-dd or ISO-8601).")
  String until;

  @Option(
      names = "--min-rating",
      paramLabel = "R",
      description = "Only chats rated at least R (good, neutral, bad, or 1, 0, -1).")
  String minRating;

  @Option(
      names = "--exclude-reverted",
      description = "Leave reverted commits out (by default they stay, marked reverted).")
  boolean excludeReverted;

  @Option(
      names = "--force",
      description =
          "Replace PATH if it is an export gitml wrote"
              + " (never the repository, .git-ml or a home).")
  boolean force;

  @Override
  public Integer call() throws Exception {
    Format f;
    List<Task> tasks;
    try {
      f = Format.parse(format);
      tasks = Task.parse(task);
    } catch (IllegalArgumentException e) {
      throw new Cli.UsageException(e.getMessage());
    }
    if (withTools) {
      if (f != Format.CHAT_JSONL) {
        throw new Cli.UsageException(
            "--with-tools: for chat-jsonl; jsonl and hf take --task trajectory");
      }
      tasks = withTools(tasks);
    }
    if (f == Format.CSV && tasks.contains(Task.TRAJECTORY)) {
      throw new Cli.UsageException(
          "--task trajectory: a CSV row cannot hold messages; use jsonl, hf or chat-jsonl");
    }
    if (repos != null && allRegistered) {
      throw new Cli.UsageException("--repos and --all-registered: one or the other");
    }
    boolean toStdout = out.toString().equals("-");
    if (toStdout && f.directory()) {
      throw new Cli.UsageException(
          "--out -: standard output takes jsonl or csv; " + format + " writes a directory");
    }
    Exporter.Options o =
        new Exporter.Options(
            f,
            tasks,
            gitml().startDirectory().resolve(out).normalize(),
            seed,
            since == null ? 0 : DateArgument.parse("--since", since).toEpochMilli(),
            until == null ? 0 : DateArgument.parse("--until", until).toEpochMilli(),
            rating(minRating),
            force,
            excludeReverted);
    if (repos != null || allRegistered) {
      return pooled(o, toStdout, tasks);
    }
    Workspace ws = gitml().workspace();
    Exporter.Surroundings where =
        new Exporter.Surroundings(
            ws.workTree(), ws.gitDir(), gitml().userHome(), gitml().home().dir(), gitml().clock());
    try (Store store = Store.open(ws.dataDir())) {
      Exporter.Result r;
      try {
        r =
            toStdout
                ? Exporter.stream(store, o, where, gitml().out())
                : Exporter.run(store, o, where);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw new Cli.FailedException(e.getFile() + ": " + e.getReason());
      } catch (ExportRefusedException e) {
        throw new Cli.FailedException(e.getMessage());
      }
      report(r, toStdout, tasks);
    }
    return Cli.OK;
  }

  private void report(Exporter.Result r, boolean toStdout, List<Task> tasks) {
    // With the examples on standard output, the summary goes to standard error.
    PrintStream report = toStdout ? gitml().err() : gitml().out();
    report.printf(
        "exported %d examples to %s%n", r.total(), toStdout ? "standard output" : r.out());
    for (Task t : tasks) {
      Map<String, Integer> c = r.counts().getOrDefault(t.id(), Map.of());
      report.printf(
          Locale.ROOT,
          "  %-16s train %d, validation %d, test %d%n",
          t.id(),
          c.getOrDefault("train", 0),
          c.getOrDefault("validation", 0),
          c.getOrDefault("test", 0));
    }
  }

  /** The tasks with the chats as trajectories (once, where both were asked for). */
  private static List<Task> withTools(List<Task> tasks) {
    List<Task> out = new ArrayList<>();
    for (Task t : tasks) {
      Task u = t == Task.CHAT ? Task.TRAJECTORY : t;
      if (!out.contains(u)) {
        out.add(u);
      }
    }
    return out;
  }

  /** An export of several repositories: {@code --repos} or every registered one. */
  private Integer pooled(Exporter.Options o, boolean toStdout, List<Task> tasks)
      throws java.io.IOException {
    List<Workspace> found = new ArrayList<>();
    if (allRegistered) {
      for (Path p : gitml().home().repositories().list()) {
        Optional<Workspace> w = setUp(p);
        if (w.isPresent()) {
          found.add(w.get());
        } else {
          gitml().err().println("skipped " + p + ": no longer a repository set up with gitml");
        }
      }
      if (found.isEmpty()) {
        throw new Cli.FailedException(
            "no repository registered with the daemon in "
                + gitml().home().dir()
                + " (gitml init registers one)");
      }
    } else {
      for (Path p : repos) {
        Path dir = gitml().startDirectory().resolve(p).normalize();
        found.add(
            setUp(dir)
                .orElseThrow(
                    () ->
                        new Cli.FailedException(
                            "--repos "
                                + dir
                                + ": not a repository set up with gitml (run gitml init there)")));
      }
    }
    List<PooledExport.Source> sources = PooledExport.sources(found);
    Exporter.Result r;
    try {
      r =
          toStdout
              ? PooledExport.stream(
                  sources,
                  o,
                  gitml().userHome(),
                  gitml().home().dir(),
                  gitml().clock(),
                  gitml().out())
              : PooledExport.run(
                  sources, o, gitml().userHome(), gitml().home().dir(), gitml().clock());
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new Cli.FailedException(e.getFile() + ": " + e.getReason());
    } catch (ExportRefusedException e) {
      throw new Cli.FailedException(e.getMessage());
    }
    report(r, toStdout, tasks);
    PrintStream report = toStdout ? gitml().err() : gitml().out();
    for (PooledExport.Source s : sources) {
      report.printf("  repo=%s  %s%n", s.name(), s.workspace().workTree());
    }
    return Cli.OK;
  }

  /** The workspace of a work tree set up with gitml, if {@code dir} is one. */
  private static Optional<Workspace> setUp(Path dir) throws java.io.IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    Optional<Workspace> w = Workspace.find(dir);
    return w.filter(ws -> ws.dataDir().exists());
  }

  private static Integer rating(String value) {
    if (value == null) {
      return null;
    }
    Integer word = Ratings.value(value);
    if (word != null) {
      return word;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new Cli.UsageException("--min-rating: good, neutral, bad or a number: " + value);
    }
  }
}
