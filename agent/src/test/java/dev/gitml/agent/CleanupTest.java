package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanupTest {
  @TempDir Path tmp;

  @Test
  void cleanup_oldHistory_dryRunCountsThenDropsExactlyTheOldRecords() throws Exception {
    Path history = Fixtures.copy(Fixtures.HISTORY, tmp.resolve("fixtures"));
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    fx.gitml("migrate", "--from", history.toString());
    List<String> lines = Files.readAllLines(history);
    // the window ends between the history's newest and oldest commits whatever today's date,
    // so the fixture spans the cut-off in any year
    Instant middle =
        OffsetDateTime.parse(
                GitRepoFixture.JSON.readTree(lines.get(lines.size() / 2)).get("timestamp").asText())
            .toInstant();
    long days = Duration.between(middle, Instant.now()).toDays();
    Instant cutoff = Instant.now().minus(Duration.ofDays(days));
    long old = 0;
    for (String line : lines) {
      JsonNode c = GitRepoFixture.JSON.readTree(line);
      if (OffsetDateTime.parse(c.get("timestamp").asText()).toInstant().isBefore(cutoff)) {
        old++;
      }
    }
    int before = fx.stats().get("commits").asInt();
    assertTrue(old > 10 && old < before, "the data set spans the cut-off: " + old);

    CliRun dry = fx.gitml("cleanup", "--dry-run", "--days", String.valueOf(days));
    assertTrue(
        dry.out().startsWith("would drop " + old + " records older than " + days + " days"),
        dry.out());
    assertEquals(before, fx.stats().get("commits").asInt(), "a dry run changes nothing");
    assertTrue(
        fx.gitml("cleanup", "--dry-run").out().contains(" older than 730 days"),
        "without --days, the configured retention");

    CliRun run = fx.gitml("cleanup", "--days", String.valueOf(days));

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().startsWith("dropped " + old + " records"), run.out());
    assertEquals(before - old, fx.stats().get("commits").asInt());
    assertEquals(0, fx.gitml("chunks", "verify").exit());
    assertTrue(
        fx.gitml("cleanup", "--days", String.valueOf(days))
            .out()
            .startsWith("nothing to drop: 0 records"));
  }
}
