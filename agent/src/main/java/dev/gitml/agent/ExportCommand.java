package dev.gitml.agent;

import dev.gitml.collector.export.ExportRefusedException;
import dev.gitml.collector.export.Exporter;
import dev.gitml.collector.export.Format;
import dev.gitml.collector.export.Task;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.collector.report.Ratings;
import dev.gitml.storage.Store;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gitml export --format jsonl|csv|hf|chat-jsonl --task chat|commit-message|
 * file-prediction|all --out PATH [--seed N] [--since DATE] [--until DATE] [--min-rating R]
 * [--force]}.
 */
@Command(name = "export", description = "Write a training data set with deterministic splits.")
final class ExportCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(
      names = "--format",
      required = true,
      paramLabel = "jsonl|csv|hf|chat-jsonl",
      description =
          "One JSONL file, one CSV file, a Hugging Face data set directory, or a"
              + " directory of chat-message JSONL per split.")
  String format;

  @Option(
      names = "--task",
      defaultValue = "all",
      paramLabel = "chat|commit-message|file-prediction|all",
      description = "What to teach (all).")
  String task;

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
    return Cli.OK;
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
