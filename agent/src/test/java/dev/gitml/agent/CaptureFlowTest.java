package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture path end to end with real git: gitml init installs the hooks, `git commit` runs the
 * sh launcher, which drops an event into the inbox, and the daemon's pass turns it into records.
 */
class CaptureFlowTest {
  private static final ObjectMapper JSON = GitRepoFixture.JSON;

  @TempDir Path tmp;
  GitRepoFixture fx;
  Path repo;
  Path home;
  Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    fx = new GitRepoFixture(tmp);
    repo = fx.repo;
    home = fx.home;
    env = fx.env;
  }

  private String git(String... args) throws Exception {
    return fx.git(args);
  }

  private String git(Map<String, String> extra, String... args) throws Exception {
    return fx.git(extra, args);
  }

  private CliRun gitml(String... args) {
    return fx.gitml(args);
  }

  private void commit(String file, String content, String message) throws Exception {
    fx.commit(file, content, message);
  }

  private List<Path> inbox() throws Exception {
    return fx.inbox();
  }

  private int commitsStored() throws Exception {
    return fx.commitsStored();
  }

  private JsonNode stats() throws Exception {
    return fx.stats();
  }

  @Test
  void commit_withHooksInstalled_eventInInboxThenCapturedByTheDaemonPass() throws Exception {
    assertEquals(0, gitml("init", "--no-backfill").exit());

    commit("a.txt", "one\n", "first");

    List<Path> events = inbox();
    assertEquals(1, events.size());
    String event = Files.readString(events.get(0));
    assertTrue(event.startsWith("gitml-event 1\nevent post-commit\nrepo " + repo + "\n"), event);
    assertTrue(event.contains("\nhead " + git("rev-parse", "HEAD").strip() + "\n"), event);
    assertTrue(event.endsWith("\ngitml-end\n"), event);

    CliRun pass = gitml("daemon", "run", "--once");

    assertEquals(0, pass.exit(), pass.err());
    assertTrue(pass.out().startsWith("processed 1 events (1 commits, 0 chats)"), pass.out());
    assertEquals(List.of(), inbox());
    assertEquals(1, commitsStored());
    JsonNode status = JSON.readTree(gitml("status", "--json").out());
    assertEquals("installed", status.at("/hooks/post-commit").asText());
    assertEquals(0, status.get("inbox").asInt());
    assertTrue(status.get("last_capture").isTextual());
  }

  @Test
  void amend_postRewriteEvent_newCommitStoredOldOneSupersededCountedOnce() throws Exception {
    gitml("init", "--no-backfill");
    commit("a.txt", "one\n", "first");
    gitml("daemon", "run", "--once");
    String old = git("rev-parse", "HEAD").strip();

    Files.writeString(repo.resolve("a.txt"), "one\ntwo\n");
    git("add", "-A");
    git("commit", "-q", "--amend", "-m", "first, amended");
    String amended = git("rev-parse", "HEAD").strip();
    Map<Path, byte[]> events = new HashMap<>();
    for (Path e : inbox()) {
      events.put(e, Files.readAllBytes(e));
    }
    CliRun pass = gitml("daemon", "run", "--once");

    assertTrue(
        pass.out().startsWith("processed 2 events"), pass.out()); // post-commit, post-rewrite
    JsonNode stats = stats();
    assertEquals(1, stats.get("commits").asInt(), "the amended commit replaces the old one");
    assertEquals(1, stats.get("commits_full").asInt());
    assertEquals(1, stats.get("links").asInt());
    try (dev.gitml.storage.Store store =
        dev.gitml.storage.Store.open(dev.gitml.storage.DataDir.of(repo))) {
      assertEquals(java.util.Set.of(old), store.replacedKeys());
      List<JsonNode> links = new java.util.ArrayList<>();
      store.scan(dev.gitml.storage.record.RecordType.LINK, r -> links.add(r.data()));
      assertEquals(amended, links.get(0).get("from").asText());
      assertEquals("post-rewrite amend", links.get(0).get("source").asText());
    }

    // the same events again (a crash before their deletion) add nothing
    for (Map.Entry<Path, byte[]> e : events.entrySet()) {
      Files.write(e.getKey(), e.getValue());
    }
    assertTrue(gitml("daemon", "run", "--once").out().startsWith("processed 2 events"));
    assertEquals(stats, stats());
  }

  @Test
  void disabledOrInGitmlsOwnCommands_noEvent() throws Exception {
    gitml("init", "--no-backfill");
    Files.writeString(repo.resolve("a.txt"), "x\n");
    git("add", "-A");

    git(Map.of("GITML_DISABLED", "1"), "commit", "-q", "-m", "one");
    Files.writeString(repo.resolve("b.txt"), "x\n");
    git("add", "-A");
    git(Map.of("ML_COLLECTION_ENABLED", "0"), "commit", "-q", "-m", "two");
    Files.writeString(repo.resolve("c.txt"), "x\n");
    git("add", "-A");
    git(Map.of("GITML_IN_HOOK", "1"), "commit", "-q", "-m", "three");

    assertEquals(List.of(), inbox());
  }

  @Test
  void userHook_keptRunFirstAndRestoredByteForByteOnUninstall() throws Exception {
    Path hooks = repo.resolve(".git/hooks");
    Files.createDirectories(hooks);
    Path userHook = hooks.resolve("post-commit");
    byte[] original =
        "#!/bin/sh\necho ran >> \"$(git rev-parse --git-dir)/user-hook-ran\"\n"
            .getBytes(StandardCharsets.UTF_8);
    Files.write(userHook, original);
    userHook.toFile().setExecutable(true);

    CliRun init = gitml("init", "--no-backfill");
    commit("a.txt", "one\n", "first");

    assertTrue(
        init.out().contains("hook post-commit: installed, running the hook that was there"),
        init.out());
    assertTrue(Files.exists(repo.resolve(".git/user-hook-ran")));
    assertEquals(1, inbox().size());

    CliRun uninstall = gitml("uninstall");

    assertEquals(0, uninstall.exit(), uninstall.err());
    assertEquals(new String(original, StandardCharsets.UTF_8), Files.readString(userHook));
    assertFalse(Files.exists(hooks.resolve("post-rewrite")));
    assertTrue(Files.exists(repo.resolve(".git-ml")), "data kept without --purge");
  }

  @Test
  void init_chainedHookDeleted_commitsQuietAndInitAgainRepairsTheChain() throws Exception {
    Path hooks = repo.resolve(".git/hooks");
    Files.createDirectories(hooks);
    Path userHook = hooks.resolve("post-commit");
    Files.writeString(userHook, "#!/bin/sh\nexit 0\n");
    userHook.toFile().setExecutable(true);
    gitml("init", "--no-backfill");
    Files.delete(hooks.resolve("post-commit.pre-gitml"));

    Files.writeString(repo.resolve("a.txt"), "one\n");
    git("add", "-A");
    String committed = git("commit", "-q", "-m", "first");
    CliRun again = gitml("init", "--no-backfill");
    CliRun uninstall = gitml("uninstall");

    assertEquals("", committed, "the launcher skips a chained hook that is gone, quietly");
    assertEquals(1, inbox().size());
    assertTrue(again.out().contains("hook post-commit: installed\n"), again.out());
    assertEquals(0, uninstall.exit(), uninstall.err());
    assertTrue(uninstall.out().contains("post-commit: removed"), uninstall.out());
    assertFalse(Files.exists(userHook), "nothing to put back: the user deleted it");
  }

  @Test
  void daemonProcess_startedCapturesCommitsAndSurvivesKillNine() throws Exception {
    gitml("init", "--no-backfill");
    java.util.Random random = new java.util.Random(7);
    try {
      for (int round = 0; round < 3; round++) {
        CliRun start = gitml("daemon", "start");
        assertEquals(0, start.exit(), start.err());
        for (int i = 0; i < 5; i++) {
          commit("f" + round + "-" + i + ".txt", "x\n", "commit " + round + "." + i);
        }
        Thread.sleep(random.nextInt(300));
        long pid = Long.parseLong(Files.readString(home.resolve("daemon.pid")).strip());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // kill -9
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
      }
      assertEquals(0, gitml("daemon", "start").exit());
      CliRun flush = gitml("daemon", "flush");
      assertEquals(0, flush.exit(), flush.out() + flush.err());
      assertEquals(15, commitsStored(), "every commit once");
      JsonNode status = JSON.readTree(gitml("status", "--json").out());
      assertTrue(status.at("/daemon/running").asBoolean());
      assertEquals(0, status.get("inbox").asInt());
    } finally {
      gitml("daemon", "stop");
    }
    assertTrue(gitml("daemon", "status").out().startsWith("not running"));
  }

  @Test
  void malformedEvent_setAsideWithReasonOthersProcessed() throws Exception {
    gitml("init", "--no-backfill");
    commit("a.txt", "one\n", "first");
    Files.writeString(home.resolve("inbox").resolve("junk"), "not an event\ngitml-end\n");

    CliRun pass = gitml("daemon", "run", "--once");

    assertTrue(
        pass.out().startsWith("processed 1 events (1 commits, 0 chats), 1 set aside"), pass.out());
    assertTrue(
        Files.readString(home.resolve("inbox/rejected/junk.reason")).contains("no blank line"));
  }

  @Test
  void sync_publishesOnItsOwnRefAndNeverCapturesItselfOrLoops() throws Exception {
    commit("a.txt", "one\n", "first");
    gitml("init");
    commit("b.txt", "two\n", "second");
    gitml("daemon", "run", "--once");
    Files.writeString(repo.resolve("staged.txt"), "work in progress\n");
    git("add", "staged.txt");
    String head = git("rev-parse", "HEAD");
    JsonNode before = stats();

    CliRun sync = gitml("sync");

    assertEquals(0, sync.exit(), sync.err());
    assertTrue(sync.out().startsWith("refs/gitml/data "), sync.out());
    assertTrue(
        git("log", "-1", "--format=%s", "refs/gitml/data").startsWith("data: ML tracking data ("));
    String files = git("ls-tree", "-r", "--name-only", "refs/gitml/data");
    assertTrue(files.contains("tracked/commits/"), files);
    assertFalse(files.contains("local/"), "local data never leaves the clone");
    assertEquals(head, git("rev-parse", "HEAD"), "the branch does not move");
    assertEquals("A  staged.txt\n", git("status", "--porcelain"), "still staged, nothing else");
    assertEquals(List.of(), inbox(), "gitml's own commit raises no event");

    // the data commit is reachable from no branch: the catch-up pass never walks to it
    gitml("daemon", "run", "--once");
    assertEquals(before.get("commits"), stats().get("commits"));
    assertEquals(before.get("raw_bytes"), stats().get("raw_bytes"), "sealed, nothing added");

    CliRun again = gitml("sync");
    assertTrue(again.out().startsWith("nothing new: refs/gitml/data "), again.out());
  }

  @Test
  void init_coreHooksPathIgnoredLikeHusky9_installsThereAndRunsTheHookThatWasThere()
      throws Exception {
    Path husky = repo.resolve(".husky/_");
    Files.createDirectories(husky);
    Files.writeString(husky.resolve(".gitignore"), "*\n"); // as husky 9 writes it
    Path theirs = husky.resolve("post-commit");
    Files.writeString(theirs, "#!/bin/sh\ntouch \"$(git rev-parse --git-dir)/husky-ran\"\n");
    theirs.toFile().setExecutable(true);
    git("config", "core.hooksPath", ".husky/_");

    CliRun init = gitml("init", "--no-backfill");
    commit("a.txt", "one\n", "first");

    assertEquals(0, init.exit(), init.err());
    assertTrue(Files.exists(husky.resolve("post-commit.pre-gitml")));
    assertFalse(Files.exists(repo.resolve(".git/hooks/post-commit")), "not where git ignores it");
    assertTrue(Files.exists(repo.resolve(".git/husky-ran")));
    assertEquals(1, inbox().size());
    gitml("uninstall");
    assertEquals(
        "#!/bin/sh\ntouch \"$(git rev-parse --git-dir)/husky-ran\"\n", Files.readString(theirs));
  }

  @Test
  void init_trackedHooksDirLikeHusky_statusCleanTeamHooksRunAndUninstallRestoresHooksPath()
      throws Exception {
    Path husky = repo.resolve(".husky");
    Files.createDirectories(husky);
    for (String hook : List.of("post-commit", "pre-commit")) {
      Path file = husky.resolve(hook);
      Files.writeString(file, "#!/bin/sh\ntouch \"$(git rev-parse --git-dir)/" + hook + "-ran\"\n");
      file.toFile().setExecutable(true);
    }
    git("config", "core.hooksPath", ".husky");
    commit("README", "team\n", "husky hooks");
    Files.delete(repo.resolve(".git/post-commit-ran"));
    Files.delete(repo.resolve(".git/pre-commit-ran"));

    CliRun init = gitml("init", "--no-backfill");
    String status = git("status", "--porcelain", "--untracked-files=all");
    commit("a.txt", "one\n", "first");

    assertEquals(0, init.exit(), init.err());
    assertEquals("", status, "nothing of gitml's where git tracks it");
    try (Stream<Path> files = Files.list(husky)) {
      assertEquals(
          List.of("post-commit", "pre-commit"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertTrue(Files.exists(repo.resolve(".git/pre-commit-ran")), "the team's other hooks run");
    assertTrue(Files.exists(repo.resolve(".git/post-commit-ran")), "and the chained one");
    assertEquals(1, inbox().size());
    CliRun uninstall = gitml("uninstall");
    assertEquals(0, uninstall.exit(), uninstall.err());
    assertEquals(".husky\n", git("config", "core.hooksPath"));
    assertFalse(Files.exists(repo.resolve(".git/gitml-hooks")));
  }

  @Test
  void init_trackedHooksDirThenInitInALinkedWorktree_teamHookStillRunsThere() throws Exception {
    Path husky = repo.resolve(".husky");
    Files.createDirectories(husky);
    Path theirs = husky.resolve("post-commit");
    Files.writeString(theirs, "#!/bin/sh\ntouch \"$(git rev-parse --git-dir)/husky-ran\"\n");
    theirs.toFile().setExecutable(true);
    git("config", "core.hooksPath", ".husky");
    commit("README", "team\n", "husky hooks");
    gitml("init", "--no-backfill");
    Path worktree = tmp.resolve("second tree");
    git("worktree", "add", "-q", "-b", "side", worktree.toString());

    CliRun init = CliRun.with(env, "", "-C", worktree.toString(), "init", "--no-backfill");
    Files.writeString(worktree.resolve("b.txt"), "two\n");
    fx.gitIn(worktree, Map.of(), "add", "-A");
    fx.gitIn(worktree, Map.of(), "commit", "-q", "-m", "on the side");

    assertEquals(0, init.exit(), init.err());
    assertTrue(Files.exists(repo.resolve(".git/worktrees/second-tree/husky-ran")));
  }

  @Test
  void suggestFiles_enabled_editorMessageListsUsualPartnersNotStaged() throws Exception {
    gitml("init", "--no-backfill");
    Path config = repo.resolve(".git-ml/config.json");
    com.fasterxml.jackson.databind.node.ObjectNode c =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(config.toFile());
    c.withObjectProperty("trainer").put("suggest_files", true);
    Files.write(config, JSON.writeValueAsBytes(c));
    CliRun again = gitml("init", "--no-backfill");
    assertTrue(again.out().contains("hook prepare-commit-msg: installed"), again.out());
    for (int i = 0; i < 3; i++) {
      Files.writeString(repo.resolve("api.txt"), "v" + i + "\n");
      Files.writeString(repo.resolve("api-docs.txt"), "v" + i + "\n");
      git("add", "-A");
      git("commit", "-q", "-m", "api change " + i);
    }
    gitml("daemon", "run", "--once");
    assertEquals(0, gitml("train").exit());
    Path editor = tmp.resolve("editor.sh");
    Path seen = tmp.resolve("seen.txt");
    Files.writeString(editor, "#!/bin/sh\ncp \"$1\" '" + seen + "'\necho 'api again' > \"$1\"\n");
    editor.toFile().setExecutable(true);

    Files.writeString(repo.resolve("api.txt"), "v9\n");
    git("add", "api.txt");
    git(Map.of("GIT_EDITOR", editor.toString()), "commit", "-q");

    String message = Files.readString(seen);
    assertTrue(message.contains("# gitml: files usually changed with the staged ones"), message);
    assertTrue(message.contains("#   api-docs.txt"), message);
    assertEquals("api again", git("log", "-1", "--format=%s").strip());
    gitml("uninstall");
    assertFalse(Files.exists(repo.resolve(".git/hooks/prepare-commit-msg")));
  }
}
