package dev.gitml.collector.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.DataDir;
import dev.gitml.storage.Fixtures;
import dev.gitml.storage.Store;
import dev.gitml.storage.migrate.Migration;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Hunk;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StoredRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoTrainTest {
  @TempDir Path repo;

  @Test
  void run_milestoneReached_trainsOnceThenWaitsForMoreCommits() throws Exception {
    Path history = Fixtures.copy(Fixtures.HISTORY, repo.resolve("fixtures"));
    DataDir dir = DataDir.of(repo);
    dir.initialize();
    // the milestone lowered from 500 to the 100 commits a small history reaches
    com.fasterxml.jackson.databind.node.ObjectNode config =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(dir.config().toFile());
    config
        .withObjectProperty("milestones")
        .withObjectProperty("file_prediction")
        .put("commits", 100);
    Files.write(dir.config(), JSON.writeValueAsBytes(config));
    List<String> log = new ArrayList<>();
    AutoTrain auto = new AutoTrain(Clock.systemUTC(), log::add);
    Path few = repo.resolve("few.jsonl");
    Files.write(few, Files.readAllLines(history).subList(0, 60));
    try (Store store = Store.open(DataDir.of(repo))) {
      Migration.run(store, few);
    }

    assertFalse(auto.afterRecords(repo), "60 commits: below the 100 of the milestone");

    try (Store store = Store.open(DataDir.of(repo))) {
      Migration.run(store, history);
    }
    assertTrue(auto.afterRecords(repo), log.toString());
    assertFalse(auto.afterRecords(repo), "nothing new since");
    try (Store store = Store.open(DataDir.of(repo))) {
      assertEquals(1, store.stats().get(RecordType.RUN.stream()).records());
    }
    assertTrue(Files.exists(repo.resolve(".git-ml/models/file-prediction/training_info.json")));
  }

  @Test
  void close_trainerStillRunning_stoppedAndItsRunRecorded() throws Exception {
    DataDir dir = DataDir.of(repo);
    dir.initialize();
    com.fasterxml.jackson.databind.node.ObjectNode config =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(dir.config().toFile());
    config
        .withObjectProperty("milestones")
        .withObjectProperty("file_prediction")
        .put("commits", 1_000_000);
    config
        .withObjectProperty("milestones")
        .withObjectProperty("commit_messages")
        .put("commits", 1)
        .put("sessions", 0)
        .put("chats", 0);
    config.withObjectProperty("trainer").put("command", "echo started; sleep 600");
    Files.write(dir.config(), JSON.writeValueAsBytes(config));
    try (Store store = Store.open(dir)) {
      store.append(List.of(StoredRecord.of(commit("1")), StoredRecord.of(commit("1").lite())));
    }
    List<String> said = java.util.Collections.synchronizedList(new ArrayList<>());
    AutoTrain auto = new AutoTrain(Clock.systemUTC(), said::add);

    auto.afterRecords(repo);
    assertTrue(auto.busy(), "the hand-off runs: the daemon is not idle");
    for (int i = 0; i < 400 && !started(dir); i++) { // until the trainer has started
      Thread.sleep(50);
    }
    assertTrue(started(dir), said.toString());
    auto.close();

    assertFalse(auto.busy());
    try (Store store = Store.open(dir)) {
      List<String> runs = new ArrayList<>();
      store.scan(
          RecordType.RUN,
          r ->
              runs.add(
                  r.data().path("status").asText() + ": " + r.data().path("message").asText()));
      assertEquals(1, runs.size(), runs + " " + said);
      assertTrue(runs.get(0).startsWith("failed: stopped with the daemon"), runs.toString());
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** Whether the trainer has written to its log (the export may still be moving into place). */
  private static boolean started(DataDir dir) throws Exception {
    if (!Files.isDirectory(dir.exports())) {
      return false;
    }
    try (var s = Files.walk(dir.exports())) {
      return s.filter(p -> p.getFileName().toString().equals("trainer.log"))
          .anyMatch(
              p -> {
                try {
                  return Files.readString(p).contains("started");
                } catch (java.io.IOException e) {
                  return false;
                }
              });
    } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException moving) {
      return false;
    }
  }

  private static CommitFull commit(String n) {
    return new CommitFull(
        "%040d".formatted(Integer.parseInt(n)),
        "Fix parser " + n,
        "ana",
        "2026-11-30T10:00:00+01:00",
        "main",
        List.of("src/Parser.java"),
        1,
        1,
        10,
        "Monday",
        false,
        false,
        1,
        60L,
        List.of(
            new Hunk(
                "src/Parser.java",
                "parse",
                3,
                List.of("return x;"),
                List.of("return y;"),
                List.of(),
                List.of(),
                "modify")),
        null,
        false,
        false,
        null);
  }
}
