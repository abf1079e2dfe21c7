package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.collector.hooks.ClaudeHooks;
import dev.gitml.storage.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Assistant sessions end to end: gitml's hooks in Claude Code's settings, the launcher run as
 * Claude Code runs it (the hook's JSON on stdin), the daemon's pass, and the import of transcripts
 * that already exist, linked to the commits made meanwhile.
 */
class AssistantCaptureTest {
  @TempDir Path tmp;
  GitRepoFixture fx;
  Path claudeDir;
  Path hello;

  @BeforeEach
  void setUp() throws Exception {
    Path fixtures = Fixtures.copy(Fixtures.CLAUDE_CODE, tmp.resolve("fixtures"));
    fx = new GitRepoFixture(tmp);
    claudeDir = tmp.resolve("claude config");
    fx.env.put("CLAUDE_CONFIG_DIR", claudeDir.toString());
    Path project = claudeDir.resolve("projects/-tmp-project");
    Files.createDirectories(project);
    hello = project.resolve("de3b8b19-5bc0-4a2a-934a-1b6806567e25.jsonl");
    // the session ran in this repository
    Files.writeString(
        hello,
        Files.readString(fixtures.resolve("hello-world.jsonl"))
            .replace("/tmp/tmp74wiyiny", fx.repo.toString()));
  }

  @Test
  void projectHookCommand_cloneWithoutTheLauncher_readsItsInputAndExitsQuietly() throws Exception {
    Path clone = tmp.resolve("teammate's clone");
    Files.createDirectories(clone);
    ProcessBuilder pb =
        new ProcessBuilder("sh", "-c", ClaudeHooks.projectLauncher() + " claude:Stop")
            .directory(clone.toFile())
            .redirectErrorStream(true);
    pb.environment().put("CLAUDE_PROJECT_DIR", clone.toString());
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      in.write("{\"session_id\": \"s\"}".repeat(10_000).getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertEquals(0, p.waitFor(), out);
    assertEquals("", out);
  }

  /** Runs the project's launcher the way Claude Code runs a hook command. */
  private void claudeHook(String event, Path transcript) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("sh", "-c", ClaudeHooks.projectLauncher() + " claude:" + event)
            .directory(fx.repo.toFile())
            .redirectErrorStream(true);
    pb.environment().putAll(fx.env);
    pb.environment().put("CLAUDE_PROJECT_DIR", fx.repo.toString());
    Process p = pb.start();
    String input =
        GitRepoFixture.JSON.writeValueAsString(
            Map.of(
                "session_id",
                "de3b8b19-5bc0-4a2a-934a-1b6806567e25",
                "transcript_path",
                transcript.toString(),
                "cwd",
                fx.repo.toString(),
                "hook_event_name",
                event));
    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor());
  }

  @Test
  void initClaude_settingsMergedIdempotentAndUninstallLeavesTheUsersHooks() throws Exception {
    Path settings = fx.repo.resolve(".claude/settings.json");
    Files.createDirectories(settings.getParent());
    String users =
        "{\"model\": \"opus\", \"hooks\": {\"Stop\": [{\"hooks\": [{\"type\": "
            + "\"command\", \"command\": \"say done\"}]}]}}";
    Files.writeString(settings, users);

    CliRun init = fx.gitml("init", "--no-backfill", "--claude");
    byte[] once = Files.readAllBytes(settings);
    fx.gitml("claude", "install");

    assertEquals(0, init.exit(), init.err());
    JsonNode s = GitRepoFixture.JSON.readTree(settings.toFile());
    assertEquals("opus", s.get("model").asText());
    assertEquals(2, s.at("/hooks/Stop").size(), "the user's Stop hook and gitml's");
    assertEquals(
        ClaudeHooks.projectLauncher() + " claude:SessionEnd",
        s.at("/hooks/SessionEnd/0/hooks/0/command").asText());
    assertEquals("*", s.at("/hooks/PostToolUse/0/matcher").asText());
    assertTrue(Files.isExecutable(fx.repo.resolve(".git-ml/bin/gitml-hook")));
    assertTrue(java.util.Arrays.equals(once, Files.readAllBytes(settings)), "idempotent");

    CliRun uninstall = fx.gitml("claude", "uninstall");

    assertEquals(0, uninstall.exit(), uninstall.err());
    assertEquals(
        GitRepoFixture.JSON.readTree(users), GitRepoFixture.JSON.readTree(settings.toFile()));
  }

  @Test
  void hooks_stopThenSessionEnd_chatStoredOnceWithItsSession() throws Exception {
    fx.gitml("init", "--no-backfill", "--claude");

    claudeHook("Stop", hello);
    assertEquals(1, fx.inbox().size());
    CliRun afterStop = fx.gitml("daemon", "run", "--once");
    assertEquals(0, afterStop.exit(), afterStop.err());
    assertEquals(0, fx.stats().get("chats").asInt(), "the last chat may still grow");

    claudeHook("SessionEnd", hello);
    fx.gitml("daemon", "run", "--once");
    claudeHook("SessionEnd", hello); // a replay adds nothing
    fx.gitml("daemon", "run", "--once");

    JsonNode stats = fx.stats();
    assertEquals(1, stats.get("chats").asInt());
    assertEquals(1, stats.get("sessions").asInt());
    assertEquals(2, stats.get("actions").asInt());
    assertEquals(java.util.List.of(), fx.inbox());
  }

  @Test
  void hook_transcriptOutsideClaudesProjects_refusedWithReason() throws Exception {
    fx.gitml("init", "--no-backfill", "--claude");
    Path outside = tmp.resolve("elsewhere.jsonl");
    Files.copy(hello, outside);

    claudeHook("SessionEnd", outside);
    CliRun pass = fx.gitml("daemon", "run", "--once");

    assertTrue(pass.out().contains("1 set aside"), pass.out());
    assertEquals(0, fx.stats().get("chats").asInt());
    Path rejected = fx.home.resolve("inbox/rejected");
    try (var files = Files.list(rejected)) {
      String reason =
          Files.readString(
              files.filter(f -> f.toString().endsWith(".reason")).findFirst().orElseThrow());
      assertTrue(reason.contains("outside"), reason);
    }
    assertTrue(Files.readString(fx.home.resolve("daemon.log")).contains("outside"));
  }

  @Test
  void sessionsImport_commitDuringTheSession_linkedToSessionAndChat() throws Exception {
    fx.gitml("init", "--no-backfill");
    Files.writeString(fx.repo.resolve("hello.sh"), "#!/bin/bash\necho \"Hello world\"\n");
    fx.git("add", "-A");
    fx.git(
        Map.of(
            "GIT_AUTHOR_DATE",
            "2026-01-21T06:20:42Z",
            "GIT_COMMITTER_DATE",
            "2026-01-21T06:20:42Z"),
        "commit",
        "-q",
        "-m",
        "hello");
    fx.gitml("capture");

    CliRun r = fx.gitml("sessions", "import");
    CliRun again = fx.gitml("sessions", "import", "--path", hello.toString());

    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out()
            .startsWith("imported 1 transcripts: 1 sessions, 1 chats, 2 tool uses," + " 2 links"),
        r.out());
    assertTrue(again.out().contains("(0 new records)"), again.out());
    JsonNode stats = fx.stats();
    assertEquals(2, stats.get("links").asInt());
    assertEquals(1.0, stats.at("/linkage/commits_with_session_share").asDouble());
    assertEquals(1.0, stats.at("/linkage/chats_with_commit_share").asDouble());
    assertFalse(r.out().contains("skipped"));
  }

  @Test
  void feedback_rateAChatThenList_newestRatingShown() throws Exception {
    fx.gitml("init", "--no-backfill");
    fx.gitml("sessions", "import", "--path", hello.toString());
    CliRun listed = fx.gitml("feedback", "--list");
    String id = listed.out().split("\\s+")[0];

    CliRun bad = fx.gitml("feedback", "--chat-id", id, "--rating", "bad");
    CliRun good = fx.gitml("feedback", "--chat-id", id, "--rating", "good", "--comment", "ok");
    CliRun unknown = fx.gitml("feedback", "--chat-id", "nope", "--rating", "good");
    CliRun wrong = fx.gitml("feedback", "--chat-id", id, "--rating", "great");

    assertEquals(0, bad.exit(), bad.err());
    assertEquals(0, good.exit(), good.err());
    assertEquals(1, unknown.exit());
    assertTrue(unknown.err().startsWith("gitml: no chat with id nope"), unknown.err());
    assertEquals(2, wrong.exit());
    String after = fx.gitml("feedback", "--list").out();
    assertTrue(after.contains(" good "), after);
    assertTrue(after.contains("Write a shell script called hello.sh"), after);
    assertEquals(2, fx.stats().get("feedback").asInt());
  }

  @Test
  void session_withoutSessionEnd_summedUpOnceQuietForLong() throws Exception {
    fx.gitml("init", "--no-backfill", "--claude");
    claudeHook("Stop", hello);
    fx.gitml("daemon", "run", "--once");
    Path open = fx.home.resolve("sessions.json");
    assertTrue(Files.readString(open).contains(hello.getFileName().toString()));
    assertEquals(0, fx.stats().get("sessions").asInt());

    // the session reported last two hours ago
    Files.writeString(
        open,
        Files.readString(open)
            .replaceAll(
                "\"last\" : \\d+", "\"last\" : " + (System.currentTimeMillis() - 2 * 3600_000)));
    fx.gitml("daemon", "run", "--once");

    assertEquals(1, fx.stats().get("sessions").asInt());
    assertEquals(1, fx.stats().get("chats").asInt());
    assertFalse(Files.readString(open).contains(hello.getFileName().toString()));
  }

  @Test
  void claudeInstallUser_userSettingsRunTheLauncherInGitmlsHome() throws Exception {
    CliRun install = fx.gitml("claude", "install", "--user");
    JsonNode settings = GitRepoFixture.JSON.readTree(claudeDir.resolve("settings.json").toFile());
    CliRun uninstall = fx.gitml("claude", "uninstall", "--user");

    assertEquals(0, install.exit(), install.err());
    Path launcher = fx.home.resolve("bin/gitml-hook");
    assertTrue(Files.isExecutable(launcher));
    assertEquals(
        "sh '" + launcher.toString().replace("'", "'\\''") + "' claude:Stop",
        settings.at("/hooks/Stop/0/hooks/0/command").asText());
    assertTrue(
        install.out().startsWith(claudeDir.resolve("settings.json").toString()), install.out());
    assertEquals(0, uninstall.exit(), uninstall.err());
    assertFalse(Files.exists(claudeDir.resolve("settings.json")), "gitml created it: gone");
  }

  @Test
  void claudeInstallUser_homeElsewhereNoConfigDir_settingsThereAndDeletedWhenEmptyAgain()
      throws Exception {
    Path home = tmp.resolve("other home");
    Files.createDirectories(home);
    fx.env.put("HOME", home.toString());
    fx.env.remove("CLAUDE_CONFIG_DIR");
    fx.env.remove("GITML_HOME");
    fx.env.remove("XDG_STATE_HOME");

    CliRun install = fx.gitml("claude", "install", "--user");
    Path settings = home.resolve(".claude/settings.json");
    boolean written = Files.exists(settings);
    CliRun uninstall = fx.gitml("claude", "uninstall", "--user");

    assertEquals(0, install.exit(), install.err());
    assertTrue(written, install.out());
    assertTrue(Files.isExecutable(home.resolve(".local/state/gitml/bin/gitml-hook")));
    assertEquals(0, uninstall.exit(), uninstall.err());
    assertTrue(uninstall.out().contains("deleted"), uninstall.out());
    assertFalse(Files.exists(home.resolve(".claude")), "the folder gitml made for it, too");
  }

  @Test
  void claudeUninstall_settingsFileTheUserHad_keptEvenWhenEmpty() throws Exception {
    Path settings = claudeDir.resolve("settings.json");
    Files.writeString(settings, "{}\n");

    fx.gitml("claude", "install", "--user");
    CliRun uninstall = fx.gitml("claude", "uninstall", "--user");

    assertEquals(0, uninstall.exit(), uninstall.err());
    assertEquals("{ }", Files.readString(settings).strip());
  }

  @Test
  void claudeUninstall_projectSettingsGitmlCreated_deletedWithItsFolder() throws Exception {
    fx.gitml("init", "--no-backfill", "--claude");

    CliRun uninstall = fx.gitml("claude", "uninstall");

    assertEquals(0, uninstall.exit(), uninstall.err());
    assertFalse(Files.exists(fx.repo.resolve(".claude")), uninstall.out());
  }
}
