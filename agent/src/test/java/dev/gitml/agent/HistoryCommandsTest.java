package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * search, why and show on a real repository: a file written by hand, and the hello.sh that the
 * hello-world Claude Code transcript wrote, committed during that session, backfilled and the
 * session imported.
 */
class HistoryCommandsTest {
  static final String CHAT = HistoryRepo.CHAT;

  @TempDir Path tmp;
  HistoryRepo history;
  GitRepoFixture fx;
  String byHand;
  String bySession;

  @BeforeEach
  void setUp() throws Exception {
    history = new HistoryRepo(tmp);
    fx = history.fx;
    byHand = history.byHand;
    bySession = history.bySession;
  }

  @Test
  void search_wordsOfTheImportedPrompt_findsThatChatFirst() throws Exception {
    CliRun r = fx.gitml("search", "shell", "script", "hello", "--json");

    assertEquals(0, r.exit(), r.err());
    JsonNode first = GitRepoFixture.JSON.readTree(r.out()).get("hits").get(0);
    assertEquals("chat", first.get("type").asText());
    assertEquals(CHAT, first.get("id").asText());
    assertEquals("claude-code", first.get("assistant").asText());
    assertTrue(first.get("snippet").asText().contains("**shell**"), first.toString());
  }

  @Test
  void search_wordsOfACommitMessage_findsThatCommitFirst() {
    CliRun r = fx.gitml("search", "readme", "--type", "commit");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("commit  " + byHand.substring(0, 12)), r.out());
    assertTrue(r.out().contains("docs: a **readme**"), r.out());
  }

  @Test
  void search_withARealHistoryMigrated_findsAKnownCommitAndTheKnownPromptFirst() throws Exception {
    Path yargs = Fixtures.copy(Fixtures.HISTORY, tmp.resolve("history"));
    assertEquals(0, fx.gitml("migrate", "--from", yargs.toString()).exit());

    CliRun commit = fx.gitml("search", "completions", "fish", "shell");
    CliRun prompt = fx.gitml("search", "shell", "script", "hello");

    assertEquals(0, commit.exit(), commit.err());
    assertTrue(commit.out().startsWith("commit  34d833aab185"), commit.out());
    assertTrue(prompt.out().startsWith("chat    " + CHAT), prompt.out());
  }

  @Test
  void search_wordOfADiff_namesTheHunk() {
    CliRun r = fx.gitml("search", "typed", "--type", "diff");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("diff    " + byHand.substring(0, 12) + " README.md:1"), r.out());
  }

  @Test
  void search_unknownType_usageError() {
    CliRun r = fx.gitml("search", "x", "--type", "email");

    assertEquals(2, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void why_lineWrittenInTheSession_namesTheChatAndItsEdit() {
    CliRun r = fx.gitml("why", "hello.sh:2");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("commit " + bySession.substring(0, 12)), r.out());
    assertTrue(r.out().contains("session de3b8b19-5bc0-4a2a-934a-1b6806567e25 (claude-code)"));
    assertTrue(r.out().contains("chat " + CHAT + " (claude-opus-4-5-20251101)"), r.out());
    assertTrue(r.out().contains("prompt: Write a shell script called hello.sh"), r.out());
    assertTrue(r.out().contains("Write hello.sh"), r.out());
  }

  @Test
  void why_lineWrittenByHand_saysSo() {
    CliRun r = fx.gitml("why", "README.md:1-2");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("README.md:1-2\n  commit " + byHand.substring(0, 12)), r.out());
    assertTrue(r.out().contains("no session: written by hand"), r.out());
  }

  @Test
  void why_json_givesTheChatOfEachRange() throws Exception {
    CliRun r = fx.gitml("why", "hello.sh", "--json", "--all");

    assertEquals(0, r.exit(), r.err());
    JsonNode range = GitRepoFixture.JSON.readTree(r.out()).get("ranges").get(0);
    assertEquals(1, range.at("/lines/first").asInt());
    assertEquals(2, range.at("/lines/last").asInt());
    assertEquals(CHAT, range.at("/change/origin/chat/id").asText());
    assertEquals("Write", range.at("/change/origin/chat/edits/0/tool").asText());
  }

  @Test
  void why_editedAgain_allWalksBackToTheEarlierCommit() throws Exception {
    history.commitAt(
        "README.md", "# demo\nthe readme, retyped\n", "docs: retype", "2026-02-01T09:00:00Z");

    CliRun r = fx.gitml("why", "README.md:2", "--all");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("earlier:\n    commit " + byHand.substring(0, 12)), r.out());
  }

  @Test
  void why_lineOutsideTheFile_oneLineUsageError() {
    CliRun r = fx.gitml("why", "hello.sh:40");

    assertEquals(2, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void why_missingFile_oneLineFailure() {
    CliRun r = fx.gitml("why", "nothing.txt");

    assertEquals(1, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void show_chat_givesPromptAnswerAndToolUses() {
    CliRun r = fx.gitml("show", CHAT);

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("chat "), r.out());
    assertTrue(r.out().contains("Write a shell script called hello.sh"), r.out());
    assertTrue(r.out().contains("tool uses:\n  Write hello.sh\n  Bash"), r.out());
  }

  @Test
  void show_abbreviatedHash_givesTheCommitWithItsDiff() {
    CliRun r = fx.gitml("show", bySession.substring(0, 8));

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("commit-full "), r.out());
    assertTrue(r.out().contains("+echo \"Hello world\""), r.out());
  }

  @Test
  void show_sessionJson_givesTheRecord() throws Exception {
    CliRun r = fx.gitml("show", "de3b8b19-5bc0-4a2a-934a-1b6806567e25", "--json");

    assertEquals(0, r.exit(), r.err());
    JsonNode record = GitRepoFixture.JSON.readTree(r.out());
    assertEquals("session", record.get("type").asText());
    assertEquals(bySession, record.at("/data/commits/0").asText());
  }

  @Test
  void show_chatJson_stepsWholeAsTheRecordMeansThem() throws Exception {
    CliRun r = fx.gitml("show", CHAT, "--json");

    assertEquals(0, r.exit(), r.err());
    JsonNode data = GitRepoFixture.JSON.readTree(r.out()).get("data");
    List<String> texts = new java.util.ArrayList<>();
    for (JsonNode step : data.get("steps")) {
      assertTrue(step.get("chars") == null, "a step stored by length is shown whole: " + step);
      if (step.path("kind").asText().equals("text")) {
        texts.add(step.get("text").asText());
      }
    }
    assertTrue(!texts.isEmpty());
    assertEquals(data.get("response").asText(), String.join("\n\n", texts));
  }

  @Test
  void show_unknownId_oneLineFailure() {
    CliRun r = fx.gitml("show", "no-such-thing");

    assertEquals(1, r.exit());
    assertFalse(r.err().isBlank());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
