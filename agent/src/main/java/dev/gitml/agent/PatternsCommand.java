package dev.gitml.agent;

import dev.gitml.collector.report.Contribution;
import dev.gitml.storage.Store;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code gitml patterns}: aggregates, safe to publish, into {@code .git-ml/shared/}, only with the
 * consent of {@code gitml contribute enable}.
 */
@Command(
    name = "patterns",
    description =
        "Write aggregates (no prompt, response, message or"
            + " code) to .git-ml/shared/, once sharing is enabled (gitml contribute).")
final class PatternsCommand extends GitmlSubcommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    try (Store store = gitml().openStore()) {
      Contribution consent = new Contribution(store, gitml().clock());
      if (!consent.enabled()) {
        throw new Cli.FailedException(
            "sharing is disabled, nothing written to "
                + consent.sharedDir()
                + " (gitml contribute preview shows the aggregates, gitml"
                + " contribute enable shares them)");
      }
      for (Path file : consent.share()) {
        gitml().out().println("wrote " + file);
      }
    }
    return Cli.OK;
  }
}
