package dev.gitml.collector.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.SharedData;
import dev.gitml.storage.Store;
import dev.gitml.storage.migrate.Migration;
import dev.gitml.storage.record.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandoffTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path repo;

  private void setUp(String command) throws Exception {
    Path history = SharedData.require("datasets/history/yargs.commits.jsonl");
    DataDir dir = DataDir.of(repo);
    dir.initialize();
    ObjectNode config = (ObjectNode) JSON.readTree(dir.config().toFile());
    ObjectNode m = config.with("milestones").with("commit_messages");
    m.put("commits", 100).put("sessions", 0).put("chats", 0);
    if (command == null) {
      config.with("trainer").putNull("command");
    } else {
      config.with("trainer").put("command", command);
    }
    Files.write(dir.config(), JSON.writeValueAsBytes(config));
    try (Store store = Store.open(dir)) {
      Migration.run(store, history);
    }
  }

  @Test
  void run_withCommand_exportsTheDataSetRunsItAndRecordsTheOutcome() throws Exception {
    setUp("test -f \"$GITML_DATASET/README.md\" && echo trained > \"$GITML_OUTPUT/model.txt\"");
    try (Store store = Store.open(DataDir.of(repo))) {
      assertEquals(List.of("commit_messages"), Handoff.due(store));

      Run run = Handoff.run(store, "commit_messages", Clock.systemUTC());

      assertEquals("ok", run.status(), run.message());
      assertEquals("trained", Files.readString(
          repo.resolve(".git-ml/models/commit-messages/model.txt")).strip());
      Path dataset = Path.of(run.params().get("dataset").asText());
      assertTrue(Files.exists(dataset.resolve("data/commit-message/train.jsonl")));
      assertTrue(Files.exists(dataset.resolve("trainer.log")));
      assertEquals(List.of(), Handoff.due(store), "handed off once");
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
