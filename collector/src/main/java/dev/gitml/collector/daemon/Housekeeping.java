package dev.gitml.collector.daemon;

import dev.gitml.storage.Compactor;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.ErrorText;
import dev.gitml.storage.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The daemon's periodic chunk compaction (docs/architecture.md): a repository that received records
 * is compacted at most once per {@link #EVERY}, and once more before the daemon exits idle, so the
 * small chunks that a day of commits seals are merged while nobody waits on it.
 */
final class Housekeeping {
  static final Duration EVERY = Duration.ofHours(6);

  private final Clock clock;
  private final Duration every;
  private final Consumer<String> log;
  private final Set<Path> dirty = new LinkedHashSet<>();
  private final Map<Path, Long> compactedAt = new HashMap<>();
  private final long started;

  Housekeeping(Clock clock, Duration every, Consumer<String> log) {
    this.clock = clock;
    this.every = every;
    this.log = log;
    this.started = clock.millis();
  }

  /** Notes that these repositories received records. */
  void touched(Iterable<Path> repos) {
    repos.forEach(dirty::add);
  }

  /** Compacts the repositories whose turn has come; all of them when {@code all}. */
  int run(boolean all) {
    int done = 0;
    long now = clock.millis();
    for (Path repo : Set.copyOf(dirty)) {
      boolean due = now - compactedAt.getOrDefault(repo, started) >= every.toMillis();
      if (!all && !due) {
        continue;
      }
      compact(repo);
      dirty.remove(repo);
      compactedAt.put(repo, now);
      done++;
    }
    return done;
  }

  private void compact(Path repo) {
    DataDir dir = DataDir.of(repo);
    if (!dir.exists()) {
      return;
    }
    try (Store store = Store.open(dir)) {
      Compactor.Result r = store.compact(null);
      if (r.chunksBefore() > 0) {
        log.accept(
            repo
                + ": compacted "
                + r.chunksBefore()
                + " chunks into "
                + r.chunksAfter()
                + " ("
                + r.bytesBefore()
                + " -> "
                + r.bytesAfter()
                + " bytes)");
      }
    } catch (IOException | RuntimeException e) {
      log.accept("compaction of " + repo + " failed: " + ErrorText.of(e));
    }
  }
}
