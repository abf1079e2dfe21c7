package dev.gitml.collector.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Feedback;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.Step;
import dev.gitml.storage.record.StoredRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chat's steps as tool-calling messages, and what the store adds to them. */
class TrajectoriesTest {
  @TempDir Path tmp;

  static Chat chat(String id, String session, String agentId, List<Step> steps) {
    return new Chat(
        id,
        "2026-01-02T10:00:00Z",
        session,
        "fix the parser",
        steps.stream().anyMatch(s -> s.kind() == Step.Kind.TEXT) ? "done" : null,
        null,
        List.of("src/F.java"),
        List.of("Edit"),
        null,
        null,
        null,
        null,
        "claude-code",
        "opus",
        null,
        agentId,
        null,
        steps);
  }

  static ObjectNode args(String path) {
    return JsonNodeFactory.instance.objectNode().put("file_path", path).put("limit", 5);
  }

  @Test
  void of_textsCallsAndResults_oneAssistantTurnPerAnswerToolMessagesInCallOrder() {
    Chat c =
        chat(
            "c1",
            "s1",
            null,
            List.of(
                Step.text("Let me look.", null),
                Step.call("Read", "t1", args("a"), null),
                Step.call("Grep", "t2", JsonNodeFactory.instance.textNode("x"), null),
                Step.result("Grep", "t2", "found", true, null),
                Step.result("Read", "t1", "text of a", true, null),
                Step.text("Now the fix.", null),
                Step.call("Edit", "t3", args("a"), null),
                Step.result("Edit", "t3", "ok", false, null),
                Step.text("Done.", null)));

    TrajectoryMessages.Built b = TrajectoryMessages.of(c);

    List<String> shape = new ArrayList<>();
    for (Trajectory.Message m : b.messages()) {
      shape.add(
          m.role()
              + (m.toolCalls().isEmpty()
                  ? ""
                  : m.toolCalls().stream().map(Trajectory.ToolCall::id).toList().toString())
              + (m.toolCallId() == null ? "" : ":" + m.toolCallId()));
    }
    assertEquals(
        List.of(
            "user",
            "assistant[t1, t2]",
            "tool:t1",
            "tool:t2",
            "assistant[t3]",
            "tool:t3",
            "assistant"),
        shape);
    assertEquals("Let me look.", b.messages().get(1).content());
    assertEquals("text of a", b.messages().get(2).content());
    assertEquals("Done.", b.messages().get(6).content());
    assertEquals(
        "{\"file_path\":\"a\",\"limit\":5}", b.messages().get(1).toolCalls().get(0).arguments());
    assertEquals("{\"input\":\"x\"}", b.messages().get(1).toolCalls().get(1).arguments());
    assertEquals(List.of("Edit", "Grep", "Read"), b.tools().stream().map(t -> t.name()).toList());
    assertEquals("integer", b.tools().get(2).parameters().get("limit"));
    assertEquals(0, b.droppedCalls());
    assertTrue(b.usable());
  }

  @Test
  void of_callWithoutResult_leftOutSoEveryCallIsAnswered() {
    Chat c =
        chat(
            "c1",
            "s1",
            null,
            List.of(
                Step.call("Bash", "t1", args("a"), null),
                Step.call("Bash", "t2", args("b"), null),
                Step.result("Bash", "t1", "ok", true, null),
                Step.call("Bash", null, args("c"), null),
                Step.text("stopped", null)));

    TrajectoryMessages.Built b = TrajectoryMessages.of(c);

    assertEquals(2, b.droppedCalls());
    List<String> calls = new ArrayList<>();
    List<String> answers = new ArrayList<>();
    for (Trajectory.Message m : b.messages()) {
      m.toolCalls().forEach(tc -> calls.add(tc.id()));
      if (m.toolCallId() != null) {
        answers.add(m.toolCallId());
      }
    }
    assertEquals(List.of("t1"), calls);
    assertEquals(calls, answers);
    assertEquals("stopped", b.messages().get(b.messages().size() - 1).content());
  }

  @Test
  void of_chatStoredBeforeSteps_rebuiltFromItsToolOutputsAndAnswer() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("tool", "Bash").put("output", "Hello world").put("success", true);
    Chat old =
        new Chat(
            "c1",
            null,
            "s1",
            "run it",
            "It printed Hello world.",
            null,
            null,
            List.of("Bash"),
            List.<JsonNode>of(out),
            null,
            null,
            null,
            "claude-code",
            null,
            null,
            null,
            null);

    TrajectoryMessages.Built b = TrajectoryMessages.of(old);

    assertTrue(b.rebuilt());
    assertEquals(4, b.messages().size());
    assertEquals("{}", b.messages().get(1).toolCalls().get(0).arguments());
    assertEquals("Hello world", b.messages().get(2).content());
    assertEquals("It printed Hello world.", b.messages().get(3).content());
  }

  @Test
  void name_toolNameWithCharactersFunctionsCannotHave_replaced() {
    assertEquals("mcp_server_do_it", TrajectoryMessages.name("mcp:server/do it"));
    assertEquals("tool", TrajectoryMessages.name(null));
  }

  @Test
  void read_storedChatsLinksAndRatings_oneTrajectoryPerMainChatWithItsCommitsAndOutcome()
      throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    DataDir data = DataDir.of(repo);
    data.initialize();
    List<Step> few = List.of(Step.text("done", null));
    List<Step> more =
        List.of(
            Step.call("Task", "t1", args("a"), null),
            Step.result("Task", "t1", "report", true, null),
            Step.subagent("ag1", "Task", "t1", "explore", null),
            Step.text("done", null));
    StoredRecord commit = ExporterTest.commit(1, "fix parser", List.of(ExporterTest.hunk(7)));
    String hash = String.format("%040x", 2);
    StoredRecord revert =
        ExporterTest.commit(
            3, "Revert \"fix parser\"\n\nThis reverts commit " + hash + ".\n", List.of());
    try (Store store = Store.open(data)) {
      store.append(
          List.of(
              StoredRecord.of(chat("c1", "s1", null, few)),
              StoredRecord.of(chat("c1", "s1", null, more)),
              StoredRecord.of(chat("c1", "s1", null, List.of())),
              StoredRecord.of(chat("sub1", "s1", "ag1", few)),
              commit,
              revert,
              StoredRecord.of(new Link(Link.Kind.CHAT_COMMIT, "sub1", hash, null, "file-overlap")),
              StoredRecord.of(new Feedback("chat", "c1", 1, null, "2026-01-03T00:00:00Z", "cli"))));
    }
    List<Trajectory> read = new ArrayList<>();

    try (Store store = Store.open(data)) {
      Trajectories.read(store, new Examples.Filter(0, 0, null, 42), "repo", read::add);
    }

    assertEquals(1, read.size(), "the main chat once; its subagent's chat is no example");
    Trajectory t = read.get(0);
    assertEquals(4, t.messages().size(), "the copy with the most steps: " + t.messages());
    assertEquals("t1", t.messages().get(1).toolCalls().get(0).id());
    assertEquals("c1", t.metadata().chatId());
    assertEquals(List.of("sub1"), t.metadata().subagents().get(0).chatIds());
    assertEquals("t1", t.metadata().subagents().get(0).toolCallId());
    assertEquals(hash, t.metadata().commits().get(0).hash());
    assertTrue(t.metadata().commits().get(0).diff().contains("+int x = 7;"));
    assertTrue(t.metadata().outcome().committed());
    assertTrue(t.metadata().outcome().reverted());
    assertNull(t.metadata().outcome().ciPassed());
    assertEquals(1, t.metadata().outcome().rating());
    assertEquals("repo", t.metadata().repo());
    assertFalse(t.metadata().rebuilt());
  }
}
