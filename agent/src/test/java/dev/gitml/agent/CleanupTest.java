package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanupTest {
  @TempDir Path tmp;

  @Test
  void cleanup_oldHistory_dryRunCountsThenDropsExactlyTheOldRecords() throws Exception {
    Path history = SharedData.require("datasets/history/yargs.commits.jsonl");
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    fx.gitml("migrate", "--from", history.toString());
    Instant cutoff = Instant.now().minus(Duration.ofDays(730));
    long old = 0;
    for (String line : Files.readAllLines(history)) {
      JsonNode c = GitRepoFixture.JSON.readTree(line);
      if (OffsetDateTime.parse(c.get("timestamp").asText()).toInstant().isBefore(cutoff)) {
        old++;
      }
    }
    int before = fx.stats().get("commits").asInt();
    assertTrue(old > 100 && old < before, "the data set spans the cut-off: " + old);

    CliRun dry = fx.gitml("cleanup", "--dry-run");
    assertTrue(dry.out().startsWith("would drop " + old + " records older than 730 days"),
        dry.out());
    assertEquals(before, fx.stats().get("commits").asInt(), "a dry run changes nothing");

    CliRun run = fx.gitml("cleanup");

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().startsWith("dropped " + old + " records"), run.out());
    assertEquals(before - old, fx.stats().get("commits").asInt());
    assertEquals(0, fx.gitml("chunks", "verify").exit());
    assertTrue(fx.gitml("cleanup").out().startsWith("nothing to drop: 0 records"));
  }
}
