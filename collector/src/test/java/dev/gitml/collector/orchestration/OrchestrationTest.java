package dev.gitml.collector.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.redact.RecordScrubber;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.RecordData;
import dev.gitml.storage.record.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session whose prompt started a Plan subagent, which started a general-purpose one that edited a
 * file later committed: the runs nest, and only the editing run reached a commit.
 */
class OrchestrationTest {
  @TempDir Path tmp;

  private static Chat chat(
      String id,
      String time,
      String query,
      List<String> modified,
      List<String> subagents,
      String agentId,
      String agentType,
      Double seconds) {
    return new Chat(
        id,
        time,
        "s1",
        query,
        "ok",
        List.of(),
        modified,
        List.of("Edit"),
        List.of(),
        null,
        null,
        seconds,
        "claude-code",
        null,
        subagents,
        agentId,
        agentType);
  }

  @Test
  void of_nestedSubagentsOneEditingACommittedFile_treeNestedAndCommitReachedOnce()
      throws Exception {
    ObjectNode orchestration = JsonNodeFactory.instance.objectNode();
    var subs = orchestration.putArray("subagents");
    subs.addObject()
        .put("agent_id", "plan1")
        .put("agent_type", "Plan")
        .put("description", "Plan the change")
        .put("parent_chat", "p1");
    subs.addObject()
        .put("agent_id", "gp1")
        .put("agent_type", "general-purpose")
        .put("description", "Make the change")
        .put("parent_chat", "c-plan");
    List<RecordData> records = new ArrayList<>();
    records.add(
        chat(
            "p1",
            "2026-01-01T10:00:00Z",
            "Fix it",
            List.of(),
            List.of("plan1"),
            null,
            null,
            120.0));
    records.add(chat("p2", "2026-01-01T10:05:00Z", "Thanks", List.of(), null, null, null, 1.0));
    records.add(
        chat(
            "c-plan",
            "2026-01-01T10:00:10Z",
            "Plan",
            List.of(),
            List.of("gp1"),
            "plan1",
            "Plan",
            30.0));
    records.add(
        chat(
            "c-gp",
            "2026-01-01T10:00:20Z",
            "Edit a.txt",
            List.of("a.txt"),
            null,
            "gp1",
            "general-purpose",
            12.5));
    records.add(new Link(Link.Kind.CHAT_COMMIT, "c-gp", "abc123", "2026-01-01T10:03:00Z", "t"));
    records.add(
        new Session(
            "s1",
            "2026-01-01T10:00:00Z",
            "2026-01-01T10:06:00Z",
            "claude-code",
            "/r",
            null,
            2,
            Map.of(),
            List.of(),
            List.of("abc123"),
            List.of("p1", "p2"),
            null,
            null,
            orchestration));
    records.add(
        new Session(
            "s2",
            "2026-01-02T10:00:00Z",
            "2026-01-02T10:06:00Z",
            "claude-code",
            "/r",
            null,
            0,
            Map.of(),
            List.of(),
            List.of(),
            List.of(),
            null,
            null,
            null));
    DataDir data = DataDir.of(tmp);
    data.initialize();
    Orchestration.Summary s;
    try (Store store = Store.open(data)) {
      RecordScrubber scrubber = new RecordScrubber(Redactor.standard());
      store.append(records.stream().map(scrubber::record).toList());

      s = Orchestration.of(store, null);
    }

    assertEquals(1, s.sessionsWithout());
    assertEquals(1, s.sessions().size());
    Orchestration.SessionTree tree = s.sessions().get(0);
    assertEquals(2, tree.chats());
    assertEquals(1, tree.prompts().size());
    assertEquals("p1", tree.prompts().get(0).chatId());
    Orchestration.Run plan = tree.prompts().get(0).runs().get(0);
    assertEquals("Plan", plan.agentType());
    assertTrue(plan.commits().isEmpty());
    Orchestration.Run gp = plan.children().get(0);
    assertEquals("gp1", gp.agentId());
    assertEquals(List.of("abc123"), gp.commits());
    assertEquals(List.of("a.txt"), gp.filesModified());
    assertEquals(12.5, gp.seconds());
    assertEquals(2, s.types().size());
    Orchestration.TypeSummary planType = s.types().get(0);
    Orchestration.TypeSummary general = s.types().get(1);
    assertEquals("Plan", planType.agentType());
    assertEquals(0, planType.reachedCommit());
    assertEquals("general-purpose", general.agentType());
    assertEquals(1, general.reachedCommit());
  }
}
