package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gitml orchestration summary} over real Claude Code sessions imported with {@code gitml
 * sessions import --path}: the long session started one Explore subagent from one prompt.
 */
class OrchestrationCommandTest {
  private static final String SESSION = "8463c716-a2ea-4c14-9efa-87158ebd9f20";

  @TempDir Path tmp;

  @Test
  void summary_importedSessionsWithASubagent_runPerTypeAndTreeUnderItsPrompt() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    Path transcripts = Fixtures.copy(Fixtures.CLAUDE_CODE, tmp.resolve("claude-code"));
    fx.gitml("init", "--no-hooks", "--no-backfill");
    CliRun imported = fx.gitml("sessions", "import", "--path", transcripts.toString());

    CliRun json = fx.gitml("orchestration", "summary", "--json");
    CliRun text = fx.gitml("orchestration", "summary", "--session", SESSION);

    assertEquals(0, imported.exit(), imported.err());
    assertEquals(0, json.exit(), json.err());
    JsonNode root = GitRepoFixture.JSON.readTree(json.out());
    JsonNode explore = root.at("/agent_types/0");
    assertEquals("Explore", explore.get("agent_type").asText());
    assertEquals(1, explore.get("runs").asInt());
    assertEquals(0, explore.get("reached_commit").asInt());
    assertTrue(explore.get("seconds").asDouble() > 0);
    assertEquals(2, root.get("sessions_without_subagents").asInt());
    JsonNode delegation = root.at("/sessions/0/delegations/0");
    assertEquals(SESSION, root.at("/sessions/0/session_id").asText());
    assertEquals("d35f0cc4-428d-436c-b878-2ddb26209d06", delegation.get("chat_id").asText());
    assertEquals("a7be2f0", delegation.at("/subagents/0/agent_id").asText());
    assertEquals(
        "Explore Tmux module and test setup", delegation.at("/subagents/0/description").asText());
    assertEquals(0, text.exit(), text.err());
    assertTrue(
        text.out().contains("└ Explore a7be2f0 \"Explore Tmux module and test setup\": 1 chats"),
        text.out());
  }

  @Test
  void summary_unknownSession_oneLineFailure() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");

    CliRun r = fx.gitml("orchestration", "summary", "--session", "nope");

    assertEquals(Cli.FAILURE, r.exit());
    assertEquals("gitml: no session nope is stored\n", r.err());
  }
}
