package dev.gitml.agent;

import dev.gitml.collector.capture.Backfill;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.Store;
import java.io.PrintStream;
import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A backfill as the console shows it, for {@code gitml backfill} and {@code gitml init}: a
 * progress bar on standard error (plain text when it is not a terminal), then what was done.
 */
final class BackfillView {
  private BackfillView() {}

  /** Runs a backfill and shows it. */
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
