package dev.gitml.collector.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.StoredRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EstimateTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  @TempDir Path repo;

  private Store store(int activeDays, int perDay, int commitsNeeded) throws Exception {
    DataDir dir = DataDir.of(repo);
    dir.initialize();
    ObjectMapper json = new ObjectMapper();
    ObjectNode config = (ObjectNode) json.readTree(dir.config().toFile());
    config.withObjectProperty("milestones").removeAll();
    config
        .withObjectProperty("milestones")
        .putObject("file_prediction")
        .put("commits", commitsNeeded)
        .put("sessions", 0)
        .put("chats", 0);
    Files.write(dir.config(), json.writeValueAsBytes(config));
    Store store = Store.open(dir);
    List<StoredRecord> records = new ArrayList<>();
    for (int d = 0; d < activeDays; d++) {
      for (int i = 0; i < perDay; i++) {
        String ts = NOW.minusSeconds(86_400L * (d * 2 + 1) + i * 60).toString();
        records.add(
            StoredRecord.of(
                new Commit(
                    String.format("%040x", d * 100 + i),
                    "c",
                    "a",
                    ts,
                    "main",
                    List.of("f"),
                    1,
                    0,
                    12,
                    "Sunday",
                    false,
                    false,
                    1,
                    60L)));
      }
    }
    store.append(records);
    return store;
  }

  @Test
  void of_steadyPace_dateFromThePacePerActiveDayAndTheShareOfActiveDays() throws Exception {
    try (Store store = store(10, 2, 50)) {
      Estimate.Result r = Estimate.of(store, Clock.fixed(NOW, ZoneOffset.UTC));

      assertEquals(10, r.pace().activeDays());
      assertEquals(2.0, r.pace().perActiveDay().get("commits"), 1e-9);
      Estimate.Eta eta = r.milestones().get(0);
      assertFalse(eta.reached());
      assertEquals(45L, eta.days(), "30 missing at 2 a day on 10 days in 30: 2/3 a day");
      assertEquals("2027-01-06", eta.date());
      assertEquals("commits", eta.limitedBy());
    }
  }

  @Test
  void of_twoActiveDays_saysItCannotTell() throws Exception {
    try (Store store = store(2, 5, 50)) {
      Estimate.Eta eta = Estimate.of(store, Clock.fixed(NOW, ZoneOffset.UTC)).milestones().get(0);

      assertEquals(null, eta.date());
      assertTrue(eta.why().startsWith("too little recent activity"), eta.why());
    }
  }

  @Test
  void of_enoughAlready_reached() throws Exception {
    try (Store store = store(5, 4, 20)) {
      assertTrue(
          Estimate.of(store, Clock.fixed(NOW, ZoneOffset.UTC)).milestones().get(0).reached());
    }
  }
}
