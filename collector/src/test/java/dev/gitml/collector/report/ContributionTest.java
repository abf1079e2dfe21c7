package dev.gitml.collector.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContributionTest {
  @TempDir Path repo;

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T09:30:00Z"), ZoneOffset.UTC);

  @Test
  void set_enabledThenDisabled_consentFileSaysSoWithTheTime() throws Exception {
    DataDir.of(repo).initialize();
    try (Store store = Store.open(DataDir.of(repo))) {
      Contribution c = new Contribution(store, CLOCK);
      assertFalse(c.enabled(), "no consent file: no consent");

      c.set(true);
      assertTrue(c.enabled());
      assertTrue(Files.isDirectory(c.sharedDir()), "the aggregates are written at once");
      String file = Files.readString(store.dir().local().resolve("contribute.json"));
      assertTrue(file.contains("2026-12-01T09:30:00"), file);

      c.set(false);
      assertFalse(c.enabled());
    }
  }

  @Test
  void enabled_damagedConsentFile_isNoConsent() throws Exception {
    DataDir.of(repo).initialize();
    try (Store store = Store.open(DataDir.of(repo))) {
      Files.writeString(store.dir().local().resolve("contribute.json"), "{\"enabled\": tr");

      assertFalse(new Contribution(store, CLOCK).enabled());
    }
  }

  @Test
  void share_noConsent_refusedAndNothingWritten() throws Exception {
    DataDir.of(repo).initialize();
    try (Store store = Store.open(DataDir.of(repo))) {
      Contribution c = new Contribution(store, CLOCK);

      assertThrows(IllegalStateException.class, c::share);
      assertFalse(Files.exists(c.sharedDir()));
    }
  }
}
