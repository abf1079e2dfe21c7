package dev.gitml.agent;

import dev.gitml.collector.capture.Backfill;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.storage.Store;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code gitml backfill [--all | -n N | --since DATE]}: imports the existing history. */
@Command(name = "backfill",
    description = "Import the commits reachable from HEAD that are not stored yet, with their"
        + " diffs. Running it again adds nothing.")
final class BackfillCommand implements Callable<Integer> {
  @ParentCommand GitmlCommand gitml;

  @Option(names = "--all", description = "Every commit reachable from HEAD (the default).")
  boolean all;

  @Option(names = "-n", paramLabel = "N", description = "Only the newest N commits.")
  int limit;

  @Option(names = "--since", paramLabel = "DATE",
      description = "Only commits authored on or after DATE (yyyy-mm-dd or ISO-8601).")
  String since;

  @Override
  public Integer call() throws Exception {
    if (all && (limit > 0 || since != null)) {
      throw new Cli.UsageException("--all takes neither -n nor --since");
    }
    Backfill.Options options = new Backfill.Options(limit, since == null ? null : DateArgument.parse("--since", since),
        Runtime.getRuntime().availableProcessors());
    Workspace ws = gitml.workspace();
    try (Store store = gitml.openStore(); Repository repo = ws.openRepository()) {
      run(gitml, store, repo, options);
    }
    return Cli.OK;
  }

  /** Runs a backfill with a progress bar on standard error; also used by {@code gitml init}. */
  static void run(GitmlCommand gitml, Store store, Repository repo, Backfill.Options options)
      throws Exception {
    List<RevCommit> pending = Backfill.pending(repo, store, options);
    Redactor redactor = Redactor.configured(store.config());
    Backfill.Result r;
    if (pending.isEmpty()) {
      r = Backfill.run(repo, store, redactor, pending, options.threads(), n -> { });
    } else {
      try (ProgressBar bar = new ProgressBarBuilder().setTaskName("backfill")
          .setInitialMax(pending.size()).setUnit(" commits", 1)
          .setStyle(System.console() == null ? ProgressBarStyle.ASCII
              : ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
          .setConsumer(new ConsoleProgressBarConsumer(gitml.err())).build()) {
        r = Backfill.run(repo, store, redactor, pending, options.threads(), bar::stepBy);
      }
    }
    PrintStream out = gitml.out();
    out.printf("backfilled %d commits: %d new records, %d already stored", r.commits(),
        r.added(), r.alreadyStored());
    if (r.mlOnly() > 0) {
      out.printf(", %d ML-data commits left out", r.mlOnly());
    }
    out.println();
    if (r.unreadable() > 0) {
      out.printf("%d commits could not be read (a partial or shallow clone?)%n", r.unreadable());
    }
    for (String note : r.notes()) {
      out.println("  note " + note);
    }
  }
}
