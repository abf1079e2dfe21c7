package dev.gitml.agent.chunks;

import dev.gitml.agent.Cli;
import dev.gitml.agent.GitmlSubcommand;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.VerifyReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gitml chunks verify}: exit 0 when every chunk is sound, else exit 1 and one line per
 * problem naming the file; a damaged chunk's line says how many records it salvages and loses. It
 * reads the chunks only, never the index, so it works on a full disk. With {@code --repair}, each
 * damaged chunk is first rewritten from its salvaged records and kept in quarantine.
 */
@Command(
    name = "verify",
    description = "Check every chunk and record; one line per problem, exit 1 if any.")
final class ChunksVerifyCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(
      names = "--repair",
      description =
          "Rewrite each damaged chunk from the records it "
              + "salvages; the damaged file is kept in .git-ml/local/quarantine/.")
  boolean repair;

  @Override
  public Integer call() throws Exception {
    DataDir dir = gitml().workspace().dataDir();
    var out = gitml().out();
    if (repair) {
      try (Store store = Store.open(dir)) {
        for (String line : store.repair()) {
          out.println("repaired " + line);
        }
      }
    }
    VerifyReport report = Store.verify(dir);
    for (String p : report.problems()) {
      out.println(p);
    }
    for (String n : report.notes()) {
      gitml().err().println("note: " + n);
    }
    if (!report.sound()) {
      gitml()
          .err()
          .printf(
              "%d problem%s in %d files%n",
              report.problems().size(), report.problems().size() == 1 ? "" : "s", report.files());
      return Cli.FAILURE;
    }
    out.printf("%d files, %d records: sound%n", report.files(), report.records());
    return Cli.OK;
  }
}
