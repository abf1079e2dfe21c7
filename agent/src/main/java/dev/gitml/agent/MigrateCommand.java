package dev.gitml.agent;

import dev.gitml.collector.redact.RecordScrubber;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.Store;
import dev.gitml.storage.migrate.Migration;
import dev.gitml.storage.migrate.MigrationReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gitml migrate --from PATH}: imports the Python collector's data. */
@Command(
    name = "migrate",
    description =
        "Import the Python collector's .git-ml/ directory, or a JSONL file of lite"
            + " commit records. Running it again adds nothing.")
final class MigrateCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(
      names = "--from",
      required = true,
      paramLabel = "PATH",
      description = "The Python collector's .git-ml/ (or its repository), or a commits JSONL file.")
  Path from;

  @Override
  public Integer call() throws Exception {
    Path source = gitml().startDirectory().resolve(from).normalize();
    MigrationReport report;
    RecordScrubber scrubber;
    try (Store store = gitml().openStore()) {
      // The Python collector's 13 patterns let secrets through: everything is redacted again.
      scrubber = new RecordScrubber(Redactor.configured(store.config()));
      report = Migration.run(store, source, scrubber);
      Problems.report(store, gitml().err());
    }
    print(gitml().out(), report);
    if (scrubber.records() > 0) {
      gitml()
          .out()
          .printf(
              "redacted %d secrets in %d records: %s%n",
              scrubber.removedByRule().values().stream().mapToInt(Integer::intValue).sum(),
              scrubber.records(),
              Counts.of(scrubber.removedByRule()));
    }
    return Cli.OK;
  }

  private static void print(PrintStream out, MigrationReport r) {
    for (MigrationReport.Source s : r.sources()) {
      out.printf(
          "%-40s %6d read%s%n",
          s.name(), s.read(), s.skipped() > 0 ? ", " + s.skipped() + " skipped" : "");
      for (String reason : s.reasons()) {
        out.println("    skipped " + reason);
      }
    }
    out.println();
    for (Map.Entry<String, long[]> e : r.byStream().entrySet()) {
      out.printf(
          "%-14s %6d new, %d already stored%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
    }
    out.printf(
        "imported %d records (%d already stored, %d skipped)%n",
        r.added(), r.alreadyStored(), r.skipped());
  }
}
