package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.foreign.SqliteFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenCode's {@code opencode.db} in its default folder holds every project's sessions: {@code gitml
 * sessions import} and the daemon's sweep read only those that ran in this repository (a linked
 * worktree's included), and the sweep finds one added later. The database is made here in
 * OpenCode's schema (its {@code data} columns hold what the storage tree's files held).
 */
@Timeout(300)
class OpenCodeDatabaseSourceTest {
  @TempDir Path tmp;
  GitRepoFixture fx;
  Path db;
  Path worktree;

  @BeforeEach
  void setUp() throws Exception {
    fx = new GitRepoFixture(tmp);
    Path userHome = Files.createDirectories(tmp.resolve("user home"));
    fx.env.put("HOME", userHome.toString());
    fx.env.put("CODEX_HOME", userHome.resolve(".codex").toString());
    fx.env.remove("XDG_DATA_HOME");
    fx.env.remove("CLAUDE_CONFIG_DIR");
    fx.env.remove("GEMINI_CLI_HOME");
    fx.env.remove("COPILOT_HOME");
    fx.env.remove("XDG_CONFIG_HOME");
    fx.commit("a.txt", "a\n", "first");
    worktree = tmp.resolve("feature tree");
    fx.git("worktree", "add", "-q", "-b", "feature", worktree.toString());
    assertEquals(0, fx.gitml("init", "--no-backfill").exit());
    db = Files.createDirectories(userHome.resolve(".local/share/opencode")).resolve("opencode.db");
    SqliteFiles.execute(
        db,
        "CREATE TABLE session (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, parent_id TEXT,"
            + " slug TEXT, directory TEXT NOT NULL, title TEXT NOT NULL, version TEXT,"
            + " time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL)",
        "CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT NOT NULL,"
            + " time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL, data TEXT NOT NULL)",
        "CREATE TABLE part (id TEXT PRIMARY KEY, message_id TEXT NOT NULL,"
            + " session_id TEXT NOT NULL, time_created INTEGER NOT NULL,"
            + " time_updated INTEGER NOT NULL, data TEXT NOT NULL)");
    session("ses_a", fx.repo.toString(), "fix the bug");
    session("ses_b", "/elsewhere/app", "not ours");
  }

  /** A session of one prompt and its answer, ran in {@code directory}. */
  private void session(String id, String directory, String prompt) throws Exception {
    long t = 1764265492000L;
    SqliteFiles.insert(
        db,
        "session",
        List.<Object[]>of(new Object[] {id, "p", null, null, directory, "t", "1.2.0", t, t + 9}));
    List<Object[]> messages = new ArrayList<>();
    List<Object[]> parts = new ArrayList<>();
    String[][] turns = {{"user", prompt}, {"assistant", "Done: " + prompt + "."}};
    for (int i = 0; i < turns.length; i++) {
      String msg = "msg_" + id + i;
      messages.add(
          new Object[] {
            msg,
            id,
            t + i,
            t + i,
            "{\"role\":\"" + turns[i][0] + "\",\"time\":{\"created\":" + (t + i) + "}}"
          });
      parts.add(
          new Object[] {
            "prt_" + id + i,
            msg,
            id,
            t + i,
            t + i,
            "{\"type\":\"text\",\"text\":\"" + turns[i][1] + "\"}"
          });
    }
    SqliteFiles.insert(db, "message", messages);
    SqliteFiles.insert(db, "part", parts);
  }

  @Test
  void import_noPath_thisRepositorysSessionsOfTheDatabaseOnly() throws Exception {
    CliRun r = fx.gitml("sessions", "import", "--agent", "opencode");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("imported 1 transcripts: 1 sessions, 1 chats"), r.out());
  }

  @Test
  void sweep_sessionAddedLaterInALinkedWorktree_read() throws Exception {
    SqliteFiles.execute(db, "DELETE FROM session WHERE id = 'ses_a'");
    Files.setLastModifiedTime(db, FileTime.from(Instant.now().minusSeconds(3 * 3600)));
    fx.gitml("daemon", "run", "--once");
    assertEquals(0, fx.stats().get("sessions").asLong(), "none of this repository's yet");

    session("ses_c", worktree.resolve("src").toString(), "add a test");
    Files.setLastModifiedTime(db, FileTime.from(Instant.now().minusSeconds(2 * 3600)));
    CliRun r = fx.gitml("daemon", "run", "--once");

    assertEquals(0, r.exit(), r.err());
    assertEquals(1, fx.stats().get("sessions").asLong());
    assertEquals(1, fx.stats().get("chats").asLong());
  }
}
