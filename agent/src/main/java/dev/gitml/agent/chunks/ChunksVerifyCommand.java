package dev.gitml.agent.chunks;

import dev.gitml.agent.Cli;
import dev.gitml.storage.Store;
import dev.gitml.storage.VerifyReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gitml chunks verify}: exit 0 when every chunk is sound, else exit 1 and one line per
 * problem naming the file.
 */
@Command(name = "verify",
    description = "Check every chunk and record; one line per problem, exit 1 if any.")
final class ChunksVerifyCommand implements Callable<Integer> {
  @ParentCommand ChunksCommand chunks;

  @Override
  public Integer call() throws Exception {
    try (Store store = chunks.gitml.openStore()) {
      VerifyReport report = store.verify();
      var out = chunks.gitml.out();
      for (String p : report.problems()) {
        out.println(p);
      }
      for (String n : report.notes()) {
        chunks.gitml.err().println("note: " + n);
      }
      if (!report.sound()) {
        chunks.gitml.err().printf("%d problem%s in %d files%n", report.problems().size(),
            report.problems().size() == 1 ? "" : "s", report.files());
        return Cli.FAILURE;
      }
      out.printf("%d files, %d records: sound%n", report.files(), report.records());
    }
    return Cli.OK;
  }
}
