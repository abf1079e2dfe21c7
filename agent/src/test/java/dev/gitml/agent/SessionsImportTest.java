package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gitml sessions import} over a projects folder holding a FIFO and links out of it: it
 * completes, names what it refused and why, and imports the rest. The timeout guards against a hang
 * (a FIFO blocks open() until a writer comes); it asserts no speed.
 */
@Timeout(120)
class SessionsImportTest {
  @TempDir Path tmp;

  private static String transcript(Path cwd, String uuid, String prompt) {
    return "{\"type\":\"user\",\"uuid\":\""
        + uuid
        + "\",\"sessionId\":\"s-"
        + uuid
        + "\",\"cwd\":\""
        + cwd
        + "\",\"timestamp\":\"2026-01-21T06:20:00Z\","
        + "\"message\":{\"role\":\"user\",\"content\":\""
        + prompt
        + "\"}}\n";
  }

  @Test
  void import_fifoAndLinksOutOfTheProjectsFolder_refusedWithReasonsRestImported() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    Path claude = tmp.resolve("claude");
    fx.env.put("CLAUDE_CONFIG_DIR", claude.toString());
    fx.env.put("CODEX_HOME", tmp.resolve("codex").toString());
    fx.env.put("GEMINI_CLI_HOME", tmp.resolve("gemini").toString());
    Path project = Files.createDirectories(claude.resolve("projects/-repo"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(project.resolve("good.jsonl"), transcript(fx.repo, "u1", "hello"));
    Process mk = new ProcessBuilder("mkfifo", project.resolve("fifo.jsonl").toString()).start();
    assertEquals(0, mk.waitFor());
    Files.writeString(outside.resolve("secret.jsonl"), transcript(fx.repo, "u2", "elsewhere"));
    Files.createSymbolicLink(project.resolve("linked.jsonl"), outside.resolve("secret.jsonl"));
    Files.createSymbolicLink(claude.resolve("projects/-linked"), outside);
    Files.createDirectories(project.resolve("good"));
    Files.createSymbolicLink(project.resolve("good/subagents"), outside);
    fx.gitml("init", "--no-hooks", "--no-backfill");

    CliRun r = fx.gitml("sessions", "import");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("imported 1 transcripts: 1 sessions, 1 chats"), r.out());
    for (String refused :
        new String[] {
          "fifo.jsonl: not a regular file",
          "linked.jsonl: links to",
          "-linked: links to",
          "subagents: links to"
        }) {
      assertTrue(r.err().contains(refused), refused + " in: " + r.err());
    }
    assertEquals(4, r.err().lines().filter(l -> l.startsWith("refused ")).count(), r.err());
  }

  @Test
  void import_codexRolloutOfThisRepository_chatsImportedAndAgainNothingNew() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    Path codexHome = tmp.resolve("codex-home");
    fx.env.put("CODEX_HOME", codexHome.toString());
    fx.env.put("CLAUDE_CONFIG_DIR", tmp.resolve("no-claude").toString());
    Path fixtures = Fixtures.copy(Fixtures.CODEX_SESSIONS, tmp.resolve("fixtures"));
    String name =
        "2025/11/06/rollout-2025-11-06T16-45-42-019a5820-e5d7-7692-aae6-926261b8b5c9.jsonl";
    Path rollout = codexHome.resolve("sessions").resolve(name);
    Files.createDirectories(rollout.getParent());
    // the real session ran in the author's checkout: here it runs in the test's repository
    Files.writeString(
        rollout,
        Files.readString(fixtures.resolve(name))
            .replace("/Users/kooksun/PythonProjects/Lotto645", fx.repo.toString()));
    fx.gitml("init", "--no-hooks", "--no-backfill");

    CliRun first = fx.gitml("sessions", "import", "--codex");
    CliRun again = fx.gitml("sessions", "import", "--codex");

    assertEquals(0, first.exit(), first.err());
    assertTrue(
        first.out().startsWith("imported 1 transcripts: 1 sessions, 2 chats, 3 tool uses"),
        first.out());
    assertTrue(again.out().contains("(0 new records)"), again.out());
  }

  @Test
  void import_pathToCodexSessionsFolder_everyRolloutReadByItsFormat() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    Path sessions = Fixtures.copy(Fixtures.CODEX_SESSIONS, tmp.resolve("codex"));
    fx.gitml("init", "--no-hooks", "--no-backfill");

    CliRun r = fx.gitml("sessions", "import", "--path", sessions.toString());

    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out().startsWith("imported 2 transcripts: 2 sessions, 5 chats, 6 tool uses"), r.out());
  }

  @Test
  void import_geminiSessionOfThisRepository_chatsImportedAndAgainNothingNew() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    Path geminiHome = tmp.resolve("gemini-home");
    fx.env.put("GEMINI_CLI_HOME", geminiHome.toString());
    Path fixtures = Fixtures.copy(Fixtures.GEMINI_TMP, tmp.resolve("fixtures"));
    // the project folder is named by the SHA-256 of the project's path, as the CLI names it
    Path chats =
        geminiHome
            .resolve(".gemini/tmp")
            .resolve(sha256(fx.repo.toRealPath().toString()) + "/chats");
    Files.createDirectories(chats);
    Files.copy(
        fixtures.resolve("dashboard-mictlan/chats/session-2026-01-24T18-48-36d4e89a.json"),
        chats.resolve("session-2026-01-24T18-48-36d4e89a.json"));
    fx.gitml("init", "--no-hooks", "--no-backfill");

    CliRun first = fx.gitml("sessions", "import", "--gemini");
    CliRun again = fx.gitml("sessions", "import", "--gemini");

    assertEquals(0, first.exit(), first.err());
    assertTrue(
        first.out().startsWith("imported 1 transcripts: 1 sessions, 7 chats, 5 tool uses"),
        first.out());
    assertTrue(again.out().contains("(0 new records)"), again.out());
  }

  @Test
  void import_pathToGeminiTmpFolder_jsonAndJsonlSessionsRead() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    Path gemini = Fixtures.copy(Fixtures.GEMINI_TMP, tmp.resolve("gemini"));
    fx.gitml("init", "--no-hooks", "--no-backfill");

    CliRun r = fx.gitml("sessions", "import", "--path", gemini.toString());

    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out().startsWith("imported 2 transcripts: 2 sessions, 8 chats, 5 tool uses"), r.out());
  }

  @Test
  void import_pathToAiderHistoryClineTaskAndCopilotSession_eachReadByItsFormat() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    Path aider =
        Fixtures.copy(Fixtures.AIDER, tmp.resolve("a"))
            .resolve("0xf1e__health-analyzer-poc/.aider.chat.history.md");
    Path task = Fixtures.copy(Fixtures.CLINE_TASKS, tmp.resolve("c")).resolve("1769053680585");
    Path copilot =
        Fixtures.copy(Fixtures.COPILOT_SESSION_STATE, tmp.resolve("p"))
            .resolve("b87feda8-379e-4f8c-aa42-b4f7d12f253a");
    fx.gitml("init", "--no-hooks", "--no-backfill");

    CliRun a = fx.gitml("sessions", "import", "--path", aider.toString());
    CliRun c = fx.gitml("sessions", "import", "--path", task.toString());
    CliRun p = fx.gitml("sessions", "import", "--path", copilot.toString());
    CliRun again = fx.gitml("sessions", "import", "--path", copilot.toString());

    assertEquals(0, a.exit() + c.exit() + p.exit(), a.err() + c.err() + p.err());
    assertTrue(
        a.out().startsWith("imported 1 transcripts: 2 sessions, 6 chats, 9 tool uses"), a.out());
    assertTrue(
        c.out().startsWith("imported 1 transcripts: 1 sessions, 1 chats, 5 tool uses"), c.out());
    assertTrue(p.out().startsWith("imported 1 transcripts: 1 sessions, 1 chats"), p.out());
    assertTrue(again.out().contains("(0 new records)"), again.out());
  }

  private static String sha256(String s) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
