package dev.gitml.collector.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.DataDir;
import dev.gitml.storage.SharedData;
import dev.gitml.storage.Store;
import dev.gitml.storage.migrate.Migration;
import dev.gitml.storage.record.RecordType;
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
    Path history = SharedData.require("datasets/history/yargs.commits.jsonl");
    DataDir.of(repo).initialize();
    List<String> log = new ArrayList<>();
    AutoTrain auto = new AutoTrain(Clock.systemUTC(), log::add);
    Path few = repo.resolve("few.jsonl");
    Files.write(few, Files.readAllLines(history).subList(0, 300));
    try (Store store = Store.open(DataDir.of(repo))) {
      Migration.run(store, few);
    }

    assertFalse(auto.afterRecords(repo), "300 commits: below the 500 of the milestone");

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
}
