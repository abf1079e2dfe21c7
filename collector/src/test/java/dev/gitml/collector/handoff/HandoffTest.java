package dev.gitml.collector.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Fixtures;
import dev.gitml.storage.Store;
import dev.gitml.storage.migrate.Migration;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Hunk;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.Run;
import dev.gitml.storage.record.StoredRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandoffTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path repo;

  private void setUp(String command) throws Exception {
    setUp(command, 40);
  }

  /**
   * The 120-commit history imported (lite commits), the first {@code withDiffs} also with a diff.
   */
  private void setUp(String command, int withDiffs) throws Exception {
    Path history = Fixtures.copy(Fixtures.HISTORY, repo.resolve("fixtures"));
    DataDir dir = DataDir.of(repo);
    dir.initialize();
    ObjectNode config = (ObjectNode) JSON.readTree(dir.config().toFile());
    ObjectNode m = config.withObjectProperty("milestones").withObjectProperty("commit_messages");
    m.put("commits", 100).put("sessions", 0).put("chats", 0);
    if (command == null) {
      config.withObjectProperty("trainer").putNull("command");
    } else {
      config.withObjectProperty("trainer").put("command", command);
    }
    Files.write(dir.config(), JSON.writeValueAsBytes(config));
    try (Store store = Store.open(dir)) {
      Migration.run(store, history);
      addDiffs(store, withDiffs);
    }
  }

  /** Full records (one hunk each) for the first {@code n} of the imported commits. */
  private static void addDiffs(Store store, int n) throws Exception {
    List<StoredRecord> full = new ArrayList<>();
    store.scan(
        RecordType.COMMIT,
        r -> {
          if (full.size() < n) {
            Commit c = r.as(Commit.class);
            String file = c.filesChanged().isEmpty() ? "README.md" : c.filesChanged().get(0);
            full.add(
                StoredRecord.of(
                    new CommitFull(
                        c.hash(),
                        c.message(),
                        c.author(),
                        c.timestamp(),
                        c.branch(),
                        c.filesChanged(),
                        1,
                        1,
                        c.hourOfDay(),
                        c.dayOfWeek(),
                        false,
                        false,
                        1,
                        c.secondsSinceLastCommit(),
                        List.of(
                            new Hunk(
                                file,
                                "",
                                1,
                                List.of("new line"),
                                List.of("old line"),
                                List.of(),
                                List.of(),
                                "modify")),
                        null,
                        false,
                        false,
                        null)));
          }
        });
    store.append(full);
  }

  @Test
  void run_withCommand_exportsTheDataSetRunsItAndRecordsTheOutcome() throws Exception {
    setUp("test -f \"$GITML_DATASET/README.md\" && echo trained > \"$GITML_OUTPUT/model.txt\"");
    try (Store store = Store.open(DataDir.of(repo))) {
      assertEquals(List.of("commit_messages"), Handoff.due(store));

      Run run = Handoff.run(store, "commit_messages", Clock.systemUTC());

      assertEquals("ok", run.status(), run.message());
      assertEquals(
          "trained",
          Files.readString(repo.resolve(".git-ml/models/commit-messages/model.txt")).strip());
      Path dataset = Path.of(run.params().get("dataset").asText());
      assertTrue(Files.exists(dataset.resolve("data/commit-message/train.jsonl")));
      assertTrue(Files.exists(dataset.resolve("trainer.log")));
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(dataset.resolve("trainer.log"))));
      assertEquals(
          "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataset)));
      assertTrue(Files.readString(dataset.resolve(".gitml-export")).contains("file trainer.log\n"));
      assertEquals(List.of(), Handoff.due(store), "handed off once");
    }
  }

  @Test
  void run_trainerCommandCarryingAToken_storedRunHoldsNoToken() throws Exception {
    String token = "ghp_" + "Zq8Xv2Lm4Np6Rt1Sw3Yb5Cd7Fg9Hj0Kk2Mm4";
    setUp("GH_TOKEN=" + token + " true");
    try (Store store = Store.open(DataDir.of(repo))) {
      Handoff.run(store, "commit_messages", Clock.systemUTC());

      List<String> stored = new ArrayList<>();
      store.scan(RecordType.RUN, r -> stored.add(r.data().toString()));
      assertEquals(1, stored.size());
      assertFalse(stored.get(0).contains(token), stored.get(0));
      assertTrue(stored.get(0).contains("[REDACTED:"), stored.get(0));
    }
  }

  @Test
  void run_noCommitWithADiff_emptyNothingRunUntilDiffsArrive() throws Exception {
    setUp("touch \"$GITML_OUTPUT/ran\"", 0);
    try (Store store = Store.open(DataDir.of(repo))) {
      Run run = Handoff.run(store, "commit_messages", Clock.systemUTC());

      assertEquals("empty", run.status(), run.message());
      assertFalse(Files.exists(Path.of(run.params().get("dataset").asText())));
      assertFalse(Files.exists(repo.resolve(".git-ml/models/commit-messages/ran")));
      assertEquals(List.of(), Handoff.due(store), "not again while nothing new came in");

      addDiffs(store, 5);

      assertEquals(List.of("commit_messages"), Handoff.due(store));
      assertEquals("ok", Handoff.run(store, "commit_messages", Clock.systemUTC()).status());
    }
  }

  @Test
  void run_withoutCommand_dataSetReadyAndSaidSo() throws Exception {
    setUp(null);
    try (Store store = Store.open(DataDir.of(repo))) {
      Run run = Handoff.run(store, "commit_messages", Clock.systemUTC());

      assertEquals("ready", run.status());
      assertTrue(run.message().startsWith("data set ready at "), run.message());
      assertTrue(run.message().contains("trainer.command"));
    }
  }

  @Test
  void run_failingCommand_recordedAsFailedWithItsExitCode() throws Exception {
    setUp("echo boom; exit 3");
    try (Store store = Store.open(DataDir.of(repo))) {
      Run run = Handoff.run(store, "commit_messages", Clock.systemUTC());

      assertEquals("failed", run.status());
      assertTrue(run.message().startsWith("exit 3"), run.message());
    }
  }
}
