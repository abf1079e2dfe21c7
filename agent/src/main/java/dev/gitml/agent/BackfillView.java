package dev.gitml.agent;

import dev.gitml.collector.capture.Backfill;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A backfill as the console shows it, for {@code gitml backfill} and {@code gitml init}: a progress
 * bar on standard error when it is a terminal (plain lines, a tenth at a time, when it is a file or
 * a pipe), then what was done.
 */
final class BackfillView {
  private BackfillView() {}

  /**
   * Whether standard error is a terminal, where a bar redrawn with {@code \r} belongs. Java tells
   * only whether there is a console (standard input and output); on Linux, standard error's own
   * file descriptor says whether it was sent to a file or a pipe.
   */
  static boolean stderrIsTerminal() {
    if (System.console() == null) {
      return false;
    }
    Path fd = Path.of("/proc/self/fd/2");
    try {
      String target = Files.readSymbolicLink(fd).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return true; // no /proc (macOS): the console is the best evidence there is
    }
  }

  /**
   * Progress as plain lines, for a file or a pipe: one each time another tenth is done ({@code
   * backfill: 250 of 500 commits (50%)}), so a log holds at most ten.
   */
  static final class PlainProgress implements LongConsumer {
    private final PrintStream err;
    private final long total;
    private long done;
    private long shownTenths;

    PlainProgress(PrintStream err, long total) {
      this.err = err;
      this.total = total;
    }

    @Override
    public synchronized void accept(long step) {
      done += step;
      long tenths = total == 0 ? 10 : Math.min(10, done * 10 / total);
      if (tenths > shownTenths) {
        shownTenths = tenths;
        err.printf(
            Locale.ROOT,
            "backfill: %d of %d commits (%d%%)%n",
            done,
            total,
            done * 100 / Math.max(1, total));
      }
    }
  }

  /** Runs a backfill and shows it. */
  static void run(GitmlCommand gitml, Store store, Repository repo, Backfill.Options options)
      throws Exception {
    List<RevCommit> pending = Backfill.pending(repo, store, options);
    Redactor redactor = Redactor.configured(store.config());
    Backfill.Result r;
    if (pending.isEmpty()) {
      r = Backfill.run(repo, store, redactor, pending, options.threads(), n -> {});
    } else if (!stderrIsTerminal()) {
      r =
          Backfill.run(
              repo,
              store,
              redactor,
              pending,
              options.threads(),
              new PlainProgress(gitml.err(), pending.size()));
    } else {
      try (ProgressBar bar =
          new ProgressBarBuilder()
              .setTaskName("backfill")
              .setInitialMax(pending.size())
              .setUnit(" commits", 1)
              .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
              .setConsumer(new ConsoleProgressBarConsumer(gitml.err()))
              .build()) {
        r = Backfill.run(repo, store, redactor, pending, options.threads(), bar::stepBy);
      }
    }
    PrintStream out = gitml.out();
    out.printf(
        "backfilled %d commits: %d new records, %d already stored",
        r.commits(), r.added(), r.alreadyStored());
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
