package dev.gitml.collector.capture;

import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.RecordType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Imports the history reachable from HEAD: the commits not stored yet, newest first, read in
 * parallel (one {@link CommitReader} per core: diffing is the work) and stored in batches, each
 * with the branch and the amend the {@link Reflog} knows of. Idempotent. A commit that cannot be
 * read (a partial or shallow clone) is counted and reported, not fatal.
 */
public final class Backfill {
  private static final int BATCH = 64;

  /** Batches read ahead of the one being appended. */
  private static final int IN_FLIGHT = 3;

  /** How an amend found in the reflog is recorded: as the post-rewrite hook records it. */
  public static final String AMEND = "post-rewrite amend";

  /** Which commits: at most {@code limit} (0: all), authored at or after {@code since}. */
  public record Options(int limit, Instant since, int threads) {
    public static Options all() {
      return new Options(0, null, Runtime.getRuntime().availableProcessors());
    }
  }

  /** What a backfill did. */
  public record Result(
      int commits, int added, int alreadyStored, int mlOnly, int unreadable, List<String> notes) {}

  private Backfill() {}

  /** The commits a backfill with {@code options} would read: to size a progress bar. */
  public static List<RevCommit> pending(Repository repo, Store store, Options options)
      throws IOException {
    List<RevCommit> out = new ArrayList<>();
    int[] seen = {0};
    walkFromHead(
        repo,
        store,
        (c, stored) -> {
          if (options.since() != null
              && c.getAuthorIdent().getWhenAsInstant().isBefore(options.since())) {
            return true;
          }
          if (options.limit() > 0 && ++seen[0] > options.limit()) {
            return false;
          }
          if (!stored) {
            out.add(c);
          }
          return true;
        });
    return out;
  }

  /**
   * The commits reachable from HEAD that are not stored, newest first, for the catch-up pass: the
   * walk goes on through any number of missing ones (a gap as long as an outage) and stops once
   * {@code knownRun} stored commits in a row say the history before them is in.
   */
  public static List<RevCommit> missing(Repository repo, Store store, int knownRun)
      throws IOException {
    List<RevCommit> out = new ArrayList<>();
    int[] run = {0};
    walkFromHead(
        repo,
        store,
        (c, stored) -> {
          if (!stored) {
            run[0] = 0;
            out.add(c);
            return true;
          }
          return ++run[0] < knownRun;
        });
    return out;
  }

  /** One commit of a walk; false ends the walk. */
  private interface Step {
    boolean visit(RevCommit c, boolean stored);
  }

  /**
   * Walks from HEAD, newest first, telling each commit whether it is stored (or an ML-data commit,
   * which never is). A shallow or partial clone ends the walk where its history does.
   */
  private static void walkFromHead(Repository repo, Store store, Step step) throws IOException {
    ObjectId head = repo.resolve(Constants.HEAD);
    if (head == null) {
      return; // no commit yet
    }
    Set<String> known = store.keys(RecordType.COMMIT_FULL);
    List<String> prefixes = store.config().mlCommitPrefixes();
    try (RevWalk walk = new RevWalk(repo)) {
      walk.sort(RevSort.COMMIT_TIME_DESC);
      walk.markStart(walk.parseCommit(head));
      for (RevCommit c : walk) {
        if (!step.visit(c, known.contains(c.name()) || mlPrefixed(c, prefixes))) {
          return;
        }
      }
    } catch (MissingObjectException e) {
      // a shallow or partial clone ends here: what could be walked is what there is
    }
  }

  /** An ML-data commit known by its message alone: not worth reading its diff. */
  private static boolean mlPrefixed(RevCommit c, List<String> prefixes) {
    String message = c.getFullMessage();
    return prefixes.stream().anyMatch(p -> !p.isEmpty() && message.startsWith(p));
  }

  /** Reads and stores {@code commits}; {@code progress} hears how many were done. */
  public static Result run(
      Repository repo,
      Store store,
      Redactor redactor,
      List<RevCommit> commits,
      int threads,
      LongConsumer progress)
      throws IOException {
    CommitCapture capture = new CommitCapture(store, redactor);
    Reflog reflog = Reflog.read(repo);
    int added = 0;
    int already = 0;
    int mlOnly = 0;
    int unreadable = 0;
    List<String> notes = new ArrayList<>();
    ThreadLocal<CommitReader> readers = ThreadLocal.withInitial(() -> new CommitReader(repo));
    List<CommitReader> all = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, threads),
            r -> {
              Thread t = new Thread(r, "gitml-backfill");
              t.setDaemon(true);
              return t;
            });
    try {
      // Reading (diff, redaction, hashing) runs on the pool while this thread appends the
      // previous batch: up to IN_FLIGHT batches are read ahead, which bounds the memory held.
      java.util.ArrayDeque<List<Future<CommitCapture.Prepared>>> ahead =
          new java.util.ArrayDeque<>();
      int next = 0;
      while (next < commits.size() || !ahead.isEmpty()) {
        while (ahead.size() < IN_FLIGHT && next < commits.size()) {
          List<Future<CommitCapture.Prepared>> reads = new ArrayList<>();
          for (RevCommit c : commits.subList(next, Math.min(commits.size(), next + BATCH))) {
            reads.add(
                pool.submit(
                    () -> {
                      CommitReader reader = readers.get();
                      if (!all.contains(reader)) {
                        all.add(reader);
                      }
                      CommitFull full = reader.read(c, reflog.branchOf(c.name()));
                      return capture.prepare(
                          full,
                          reflog
                              .amendedBy(full.hash())
                              .map(old -> List.of(CommitCapture.supersedes(full, old, AMEND)))
                              .orElse(List.of()));
                    }));
          }
          ahead.add(reads);
          next += BATCH;
        }
        List<Future<CommitCapture.Prepared>> reads = ahead.poll();
        List<CommitCapture.Prepared> batch = new ArrayList<>(reads.size());
        for (Future<CommitCapture.Prepared> f : reads) {
          try {
            batch.add(f.get());
          } catch (ExecutionException e) {
            unreadable++;
            notes.add("unreadable commit: " + e.getCause().getMessage());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("backfill interrupted", e);
          }
        }
        CommitCapture.Result r = capture.append(batch);
        added += r.added();
        already += r.alreadyStored();
        mlOnly += r.mlOnly();
        notes.addAll(r.notes());
        progress.accept(reads.size());
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      pool.shutdownNow();
      // a reader is closed only once no worker can still be reading with it; one that will
      // not stop keeps its reader (a leak beats reading through a closed pack file)
      boolean stopped = false;
      try {
        stopped = pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (stopped) {
        all.forEach(CommitReader::close);
      }
    }
    return new Result(commits.size(), added, already, mlOnly, unreadable, notes);
  }
}
