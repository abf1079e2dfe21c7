package dev.gitml.agent;

import dev.gitml.collector.capture.Backfill;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.storage.Store;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gitml backfill [--all | -n N | --since DATE]}: imports the existing history. */
@Command(
    name = "backfill",
    description =
        "Import the commits reachable from HEAD that are not stored yet, with their"
            + " diffs. Running it again adds nothing.")
final class BackfillCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(names = "--all", description = "Every commit reachable from HEAD (the default).")
  boolean all;

  @Option(names = "-n", paramLabel = "N", description = "Only the newest N commits.")
  int limit;

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description = "Only commits authored on or after DATE (yyyy-mm-dd or ISO-8601).")
  String since;

  @Override
  public Integer call() throws Exception {
    if (all && (limit > 0 || since != null)) {
      throw new Cli.UsageException("--all takes neither -n nor --since");
    }
    Backfill.Options options =
        new Backfill.Options(
            limit,
            since == null ? null : DateArgument.parse("--since", since),
            Runtime.getRuntime().availableProcessors());
    Workspace ws = gitml().workspace();
    try (Store store = gitml().openStore();
        Repository repo = ws.openRepository()) {
      BackfillView.run(gitml(), store, repo, options);
    }
    return Cli.OK;
  }
}
