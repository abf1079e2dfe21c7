package dev.gitml.collector.session;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.Stored;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The commits that one ingest links its sessions with, read from the store a wide window at a time:
 * a transcript of many sessions (an Aider history, a Cursor or OpenCode database) asks for the
 * commits of each, and every store read waits while the ingest's writer holds the store, so a read
 * per session made the reader wait for each batch being stored. Answers are those of {@link
 * Store#between}; a window holding more than {@link #MAX_HELD} commits is not kept (each window is
 * then read as asked). Made for one ingest: commits stored after it is made are not seen.
 */
final class NearbyCommits {
  /**
   * How far around an asked window the store is read: four times the window, at least 6 hours and
   * at most 30 days (a session's window is its own length plus 10 minutes; Aider's are a week): a
   * daemon finishing one session reads a few hours of commits, an import of many a month at a time.
   */
  static final long MIN_MARGIN_MILLIS = 6L * 3_600_000;

  static final long MAX_MARGIN_MILLIS = 30L * 24 * 3_600_000;

  /** Commits held at most: the daemon's heap is 64 MB. */
  static final int MAX_HELD = 5_000;

  private final Store store;
  private final int maxHeld;
  private long heldFrom = 1;
  private long heldTo = 0; // empty: nothing held
  private List<Stored<Commit>> held = List.of();
  private boolean crowded; // a window held more than maxHeld: no margin read any more

  NearbyCommits(Store store) {
    this(store, MAX_HELD);
  }

  NearbyCommits(Store store, int maxHeld) {
    this.store = store;
    this.maxHeld = maxHeld;
  }

  /** The commits with {@code fromMillis ≤ time ≤ toMillis}, in time order. */
  List<Commit> between(long fromMillis, long toMillis) throws IOException {
    if (fromMillis < heldFrom || toMillis > heldTo) {
      long margin =
          crowded
              ? 0
              : Math.max(
                  MIN_MARGIN_MILLIS,
                  Math.min(MAX_MARGIN_MILLIS, 4 * Math.max(0, toMillis - fromMillis)));
      long from = fromMillis - margin;
      long to = toMillis + margin;
      List<Stored<Commit>> read = store.between(Commit.class, from, to);
      if (read.size() > maxHeld) {
        // too many to hold: this window's are in what was read, and later ones are read alone
        crowded = true;
        heldFrom = 1;
        heldTo = 0;
        held = List.of();
        return data(read, fromMillis, toMillis);
      }
      heldFrom = from;
      heldTo = to;
      held = read;
    }
    return data(held, fromMillis, toMillis);
  }

  private static List<Commit> data(List<Stored<Commit>> commits, long from, long to) {
    List<Commit> out = new ArrayList<>();
    for (Stored<Commit> c : commits) {
      if (c.ts() >= from && c.ts() <= to) {
        out.add(c.data());
      }
    }
    return out;
  }
}
