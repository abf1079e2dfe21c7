package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions no hook reported: the daemon's sweep finds them where the assistant keeps them (a Codex
 * rollout under {@code $CODEX_HOME/sessions}), by their working directory, a linked worktree's
 * included; reads a live one as it grows and a quiet one whole; and another assistant's hook makes
 * the same look at once.
 */
class AssistantSweepTest {
  static final String ROLLOUT =
      "2025/11/06/rollout-2025-11-06T16-45-42-019a5820-e5d7-7692-aae6-926261b8b5c9.jsonl";

  @TempDir Path tmp;
  GitRepoFixture fx;
  Path worktree;
  Path rollout;

  @BeforeEach
  void setUp() throws Exception {
    fx = new GitRepoFixture(tmp);
    Path userHome = tmp.resolve("user home");
    Files.createDirectories(userHome);
    fx.env.put("HOME", userHome.toString());
    fx.env.put("CODEX_HOME", userHome.resolve(".codex").toString());
    fx.env.remove("CLAUDE_CONFIG_DIR");
    fx.env.remove("GEMINI_CLI_HOME");
    fx.env.remove("COPILOT_HOME");
    fx.env.remove("XDG_CONFIG_HOME");
    fx.env.remove("XDG_DATA_HOME");
    fx.commit("a.txt", "a\n", "first");
    worktree = tmp.resolve("feature tree");
    fx.git("worktree", "add", "-q", "-b", "feature", worktree.toString());
    assertEquals(0, fx.gitml("init", "--no-backfill").exit());
    Path fixtures = Fixtures.copy(Fixtures.CODEX_SESSIONS, tmp.resolve("fixtures"));
    rollout = userHome.resolve(".codex/sessions").resolve(ROLLOUT);
    Files.createDirectories(rollout.getParent());
    // the session ran in the linked worktree, not in the main one
    Files.writeString(
        rollout,
        Files.readString(fixtures.resolve(ROLLOUT))
            .replace("/Users/kooksun/PythonProjects/Lotto645", worktree.toString()));
  }

  @Test
  void sweep_liveSessionInALinkedWorktree_chatsReadForTheMainRepository() throws Exception {
    CliRun r = fx.gitml("daemon", "run", "--once");

    assertEquals(0, r.exit(), r.err());
    assertTrue(fx.stats().get("chats").asLong() > 0, fx.stats().toString());
    assertEquals(0, fx.stats().get("sessions").asLong(), "a live session is not summed up yet");
  }

  @Test
  void sweep_quietSession_readWholeIntoItsSummaryOnceOnly() throws Exception {
    Files.setLastModifiedTime(rollout, FileTime.from(Instant.now().minusSeconds(3 * 3600)));

    fx.gitml("daemon", "run", "--once");
    long records = fx.stats().get("stored_bytes").asLong();
    fx.gitml("daemon", "run", "--once");

    assertEquals(1, fx.stats().get("sessions").asLong());
    assertEquals(2, fx.stats().get("chats").asLong());
    assertEquals(records, fx.stats().get("stored_bytes").asLong(), "a second sweep adds nothing");
    assertEquals(1, fx.stats().at("/assistants/codex/sessions").asLong());
    assertEquals(2, fx.stats().at("/assistants/codex/chats").asLong());
    assertTrue(
        fx.gitml("stats").out().contains("by assistant: codex 1 sessions, 2 chats"),
        fx.gitml("stats").out());
    CliRun status = fx.gitml("assistants", "status", "--json");
    for (var a : GitRepoFixture.JSON.readTree(status.out()).get("assistants")) {
      assertEquals(
          a.get("assistant").asText().equals("codex") ? 1 : 0,
          a.get("sessions").asLong(),
          a.toString());
    }
  }

  @Test
  void import_fromTheMainTree_findsTheWorktreesSession() throws Exception {
    CliRun r = fx.gitml("sessions", "import", "--agent", "codex");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("imported 1 transcripts: 1 sessions, 2 chats"), r.out());
  }

  @Test
  void codexHook_launcherEvent_daemonReadsTheSessionAtOnce() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("sh", ".git-ml/bin/gitml-hook", "codex:Stop")
            .directory(fx.repo.toFile())
            .redirectErrorStream(true);
    pb.environment().putAll(fx.env);
    fx.gitml("assistants", "install"); // writes the launcher copy
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      in.write("{\"session_id\": \"s\", \"cwd\": \"x\"}".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(0, p.waitFor());
    assertEquals(1, fx.inbox().size());
    assertTrue(Files.readString(fx.inbox().get(0)).contains("event codex:Stop"));

    CliRun r = fx.gitml("daemon", "run", "--once");

    assertTrue(r.out().startsWith("processed 1 events"), r.out());
    assertTrue(fx.stats().get("chats").asLong() > 0);
  }
}
