package dev.gitml.collector.daemon;

import dev.gitml.storage.ErrorText;
import dev.gitml.storage.IndexException;
import dev.gitml.storage.config.ConfigException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * When a failed event is tried again, and whether it ever stops being tried.
 *
 * <p>Two kinds of failure are told apart. An <em>outage</em> is the data directory or gitml's home
 * that cannot be written or read as it must (read-only, full, a file in the way, a {@code
 * config.json} that does not parse, the index's disk full): nothing is wrong with the event, so it
 * is tried again for as long as the outage lasts, backing off to {@link #MAX_DELAY_MILLIS}, and
 * never set aside for it; what bounds it is the inbox's size ({@link EventProcessor#MAX_WAITING}).
 * Any other failure may be the event's own (a bug it triggers): after {@link #MAX_ATTEMPTS} tries,
 * backed off the same way, it is set aside so it cannot block the queue.
 */
final class Retries {
  static final int MAX_ATTEMPTS = 5;
  static final long FIRST_DELAY_MILLIS = 1_000;
  static final long MAX_DELAY_MILLIS = 5 * 60_000;

  /** One event's failures so far. */
  record Failure(int attempts, long nextMillis, boolean outage, String message) {}

  private final Map<String, Failure> failures = new HashMap<>();

  /** Records a failure of {@code event} at {@code now}; returns what follows. */
  Failure failed(String event, Throwable e, Path dataDir, long now) {
    Failure before = failures.get(event);
    int attempts = before == null ? 1 : before.attempts() + 1;
    long delay = Math.min(MAX_DELAY_MILLIS, FIRST_DELAY_MILLIS << Math.min(20, attempts - 1));
    Failure f = new Failure(attempts, now + delay, isOutage(e, dataDir), ErrorText.of(e));
    failures.put(event, f);
    return f;
  }

  /** Whether a failed event should be set aside now. */
  static boolean givesUp(Failure f) {
    return !f.outage() && f.attempts() >= MAX_ATTEMPTS;
  }

  /** The failure that makes {@code event} wait until later, if its time has not come. */
  Failure waiting(String event, long now) {
    Failure f = failures.get(event);
    return f != null && now < f.nextMillis() ? f : null;
  }

  void done(String event) {
    failures.remove(event);
  }

  /**
   * Whether {@code e} says that storage cannot be written, rather than that the event is bad: a
   * file-system error on a path under the data directory (or on no path), a config that cannot be
   * used, an index that cannot be written, or the kernel's words for a full or read-only disk
   * anywhere in the causes.
   */
  static boolean isOutage(Throwable e, Path dataDir) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConfigException || t instanceof IndexException) {
        return true;
      }
      if (t instanceof FileSystemException f
          && (f.getFile() == null
              || dataDir == null
              || Path.of(f.getFile()).toAbsolutePath().startsWith(dataDir.toAbsolutePath()))) {
        return true;
      }
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("no space left")
          || m.contains("disk full")
          || m.contains("disk is full")
          || m.contains("read-only file system")
          || m.contains("readonly database")
          || m.contains("disk quota exceeded")
          || m.contains("sqlite_full")) {
        return true;
      }
    }
    return false;
  }
}
