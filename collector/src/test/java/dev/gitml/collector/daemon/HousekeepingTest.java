package dev.gitml.collector.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.StoredRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HousekeepingTest {
  @TempDir Path repo;

  /** A clock the test moves. */
  private static final class Manual extends Clock {
    Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private long sealedChunks() throws Exception {
    try (Store store = Store.open(DataDir.of(repo))) {
      return store.stats().get("links").sealedChunks();
    }
  }

  @Test
  void run_repositoryWithSmallChunks_compactedOnlyWhenDueOrAtIdleExit() throws Exception {
    DataDir.of(repo).initialize();
    try (Store store = Store.open(DataDir.of(repo))) {
      for (int i = 0; i < 3; i++) {
        store.append(
            List.of(
                StoredRecord.of(
                    new Link(
                        "chat-commit", "chat-" + i, "c" + i, "2026-11-22T10:00:00Z", "test"))));
        store.sealAll();
      }
    }
    assertEquals(3, sealedChunks());
    Manual clock = new Manual();
    List<String> log = new ArrayList<>();
    Housekeeping h = new Housekeeping(clock, Duration.ofHours(6), log::add);
    h.touched(Set.of(repo));

    assertEquals(0, h.run(false), "not due yet");
    assertEquals(3, sealedChunks());

    clock.now = clock.now.plus(Duration.ofHours(7));
    assertEquals(1, h.run(false));
    assertEquals(1, sealedChunks());
    assertTrue(log.get(0).contains("compacted 3 chunks into 1"), log.toString());

    assertEquals(0, h.run(true), "nothing received since");
  }
}
