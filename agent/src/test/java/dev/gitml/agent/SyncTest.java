package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gitml sync} with real git: the data on {@code refs/gitml/data}, pushed to and pulled from
 * a bare "remote" by two clones, in both orders; the user's branches, index and work tree never
 * touched.
 */
class SyncTest {
  private static final String REF = "refs/gitml/data";

  @TempDir Path tmp;
  GitRepoFixture fx;
  Path a;
  Path b;
  Path remote;

  @BeforeEach
  void setUp() throws Exception {
    fx = new GitRepoFixture(tmp);
    a = fx.repo;
    remote = tmp.resolve("remote.git");
    Files.createDirectories(remote);
    git(remote, "init", "-q", "--bare", "-b", "main");
    fx.commit("README", "shared start\n", "start");
    git(a, "remote", "add", "origin", remote.toString());
    git(a, "push", "-q", "origin", "main");
    b = tmp.resolve("clone b");
    git(tmp, "clone", "-q", remote.toString(), b.toString());
    git(b, "config", "user.name", "Bo");
    git(b, "config", "user.email", "bo@example.org");
  }

  private String git(Path dir, String... args) throws Exception {
    return fx.gitIn(dir, Map.of(), args);
  }

  private CliRun gitml(Path dir, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "-C";
    all[1] = dir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return CliRun.with(fx.env, "", all);
  }

  private CliRun ok(Path dir, String... args) {
    CliRun r = gitml(dir, args);
    assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.out() + r.err());
    return r;
  }

  /** A commit in {@code dir}, captured by the hook and the daemon's pass. */
  private void work(Path dir, String file, String message) throws Exception {
    Files.writeString(dir.resolve(file), message + "\n");
    git(dir, "add", file);
    git(dir, "commit", "-q", "-m", message);
    ok(dir, "daemon", "run", "--once");
  }

  private JsonNode stats(Path dir) throws Exception {
    return GitRepoFixture.JSON.readTree(ok(dir, "stats", "--json").out());
  }

  private void assertClean(Path dir) throws Exception {
    assertEquals("", git(dir, "status", "--porcelain", "--untracked-files=all"), dir.toString());
  }

  private void assertNoDataCommitOnBranches(Path dir) throws Exception {
    String subjects = git(dir, "log", "--format=%s", "--branches", "--remotes");
    assertFalse(subjects.contains("tracking data"), subjects);
    assertEquals("", git(dir, "log", "--format=%h", "--branches", "--remotes", "--", ".git-ml"));
  }

  private List<String> refFiles(Path dir, String ref) throws Exception {
    return Arrays.asList(git(dir, "ls-tree", "-r", "--name-only", ref).split("\n"));
  }

  @Test
  void sync_afterCaptures_publishesSealedChunksOnItsRefAndNothingElseChanges() throws Exception {
    ok(a, "init", "--no-backfill");
    work(a, "a.txt", "first");
    Files.writeString(a.resolve("staged.txt"), "work in progress\n");
    git(a, "add", "staged.txt");
    String head = fx.head();
    JsonNode before = stats(a);

    CliRun sync = ok(a, "sync");

    assertTrue(sync.out().startsWith(REF + " "), sync.out());
    assertTrue(git(a, "log", "-1", "--format=%s", REF).startsWith("data: ML tracking data ("));
    List<String> files = refFiles(a, REF);
    assertTrue(files.contains("config.json"), files.toString());
    assertTrue(files.contains("bin/gitml-hook"), files.toString());
    assertTrue(
        files.stream()
            .anyMatch(f -> f.matches("tracked/commits/\\d{6}-[0-9a-f]{16}" + "\\.jsonl\\.zst")),
        files.toString());
    assertTrue(
        files.stream()
            .noneMatch(
                f -> f.contains("open-") || f.startsWith("local/") || f.contains("index.sqlite")),
        files.toString());
    assertEquals(head, fx.head(), "the branch does not move");
    assertEquals("A  staged.txt\n", git(a, "status", "--porcelain", "--untracked-files=all"));
    assertNoDataCommitOnBranches(a);
    assertEquals(List.of(), fx.inbox(), "plumbing raises no hook event");
    ok(a, "daemon", "run", "--once");
    assertEquals(before.get("commits"), stats(a).get("commits"), "the data commit is not captured");
    assertTrue(ok(a, "sync").out().startsWith("nothing new: " + REF), "an unchanged snapshot");
  }

  @Test
  void init_freshAndWithDaemonWriting_gitStatusShowsNothingUnderDataDir() throws Exception {
    ok(a, "init");
    work(a, "a.txt", "first");
    ok(a, "sync");
    work(a, "b.txt", "second"); // the daemon appends to the open segment after the sync

    assertClean(a);
    assertEquals("", git(a, "ls-files", ".git-ml"));
    git(a, "commit", "-q", "-am", "nothing of gitml's rides along", "--allow-empty");
    assertEquals("", git(a, "show", "--name-only", "--format=", "HEAD"));
  }

  @Test
  void pushPull_twoClonesInBothOrders_everyRecordOnceAndNothingConflicts() throws Exception {
    ok(a, "init", "--no-backfill");
    ok(b, "init", "--no-backfill");
    work(a, "a1.txt", "a one");
    work(b, "b1.txt", "b one");

    ok(a, "sync", "--push");
    CliRun bPush = ok(b, "sync", "--push"); // rejected first: merges A's data, pushes again
    assertTrue(bPush.out().contains("merged origin's newer data first"), bPush.out());
    ok(a, "sync", "--pull");
    ok(b, "sync", "--pull");

    // the shared "start" (each clone's catch-up pass stored it: one commit per hash), a1, b1
    assertEquals(3, stats(a).get("commits").asInt(), stats(a).toString());
    assertEquals(stats(a).get("commits"), stats(b).get("commits"));

    // the other order: B first, then A, and each pulls before pushing or not at all
    work(b, "b2.txt", "b two");
    work(a, "a2.txt", "a two");
    ok(b, "sync", "--push");
    ok(a, "sync", "--push");
    ok(b, "sync", "--pull");
    ok(a, "sync", "--pull", "--push");

    assertEquals(5, stats(a).get("commits").asInt(), stats(a).toString());
    assertEquals(5, stats(b).get("commits").asInt(), stats(b).toString());
    assertEquals(stats(a).get("links"), stats(b).get("links"));
    assertEquals(stats(a).get("runs"), stats(b).get("runs"));
    assertEquals(git(a, "rev-parse", REF + "^{tree}"), git(b, "rev-parse", REF + "^{tree}"));
    for (Path dir : List.of(a, b)) {
      assertClean(dir);
      assertNoDataCommitOnBranches(dir);
      assertEquals("", ok(dir, "chunks", "verify").err());
    }
    assertEquals(git(remote, "rev-parse", REF), git(a, "rev-parse", REF));
  }

  @Test
  void pull_freshCloneWithoutDataDir_createsItWithTheTeamsConfigAndRecords() throws Exception {
    ok(a, "init", "--no-backfill");
    work(a, "a1.txt", "a one");
    ok(a, "sync", "--push");

    CliRun pull = ok(b, "sync", "--pull");

    assertTrue(pull.out().contains("chunks imported"), pull.out());
    assertEquals(stats(a).get("commits"), stats(b).get("commits"));
    assertEquals(2, stats(b).get("commits").asInt(), "start and a1");
    assertEquals(
        Files.readString(a.resolve(".git-ml/config.json")),
        Files.readString(b.resolve(".git-ml/config.json")));
    assertClean(b);
  }

  @Test
  void pull_remoteWithoutData_saysSoAndSucceeds() throws Exception {
    ok(a, "init", "--no-backfill");

    CliRun pull = ok(a, "sync", "--pull");

    assertTrue(pull.out().contains("origin has no gitml data yet"), pull.out());
  }

  @Test
  void pull_chunkFailsItsContentHash_refusedAndNothingWritten() throws Exception {
    ok(a, "init", "--no-backfill");
    work(a, "a1.txt", "a one");
    ok(a, "sync");
    Path chunk;
    try (Stream<Path> s = Files.list(a.resolve(".git-ml/tracked/commits"))) {
      chunk =
          s.filter(p -> p.getFileName().toString().endsWith(".jsonl.zst"))
              .findFirst()
              .orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(chunk);
    bytes[bytes.length / 2] ^= 0x40; // flip a bit inside a block
    Files.write(chunk, bytes);
    ok(a, "sync", "--push");

    CliRun pull = gitml(b, "sync", "--pull");

    assertEquals(1, pull.exit(), pull.out());
    assertTrue(pull.err().contains("refused 1 chunks of origin's data"), pull.err());
    assertTrue(pull.err().contains(chunk.getFileName().toString()), pull.err());
    try (Stream<Path> s = Files.walk(b.resolve(".git-ml/tracked"))) {
      assertEquals(0, s.filter(p -> p.toString().endsWith(".jsonl.zst")).count());
    }
  }

  @Test
  void rebaseAndMerge_acrossBranchesWithTheDaemonWriting_workAndStatusStaysClean()
      throws Exception {
    ok(a, "init");
    work(a, "a.txt", "first");
    ok(a, "sync");
    git(a, "checkout", "-q", "-b", "feature");
    work(a, "f1.txt", "feature one");
    work(a, "f2.txt", "feature two");
    git(a, "checkout", "-q", "main");
    work(a, "m1.txt", "main one");
    ok(a, "sync");
    git(a, "checkout", "-q", "feature");

    git(a, "rebase", "-q", "main");
    work(a, "f3.txt", "feature three");
    git(a, "checkout", "-q", "main");
    git(a, "merge", "-q", "--no-edit", "feature");

    assertClean(a);
    assertNoDataCommitOnBranches(a);
    assertEquals("", ok(a, "chunks", "verify").err());
  }

  @Test
  void untrack_dataCommittedByAnEarlierSync_leavesTheFilesAndCommitsOnlyWhenAsked()
      throws Exception {
    ok(a, "init", "--no-backfill");
    work(a, "a.txt", "first");
    ok(a, "chunks", "compact", "--seal");
    git(a, "add", "-f", ".git-ml/config.json", ".git-ml/tracked");
    git(a, "commit", "-q", "-m", "data: ML tracking data (3 files)"); // as an earlier gitml did
    Files.writeString(a.resolve("staged.txt"), "mine\n");
    git(a, "add", "staged.txt");

    CliRun init = ok(a, "init", "--no-backfill");
    CliRun sync = ok(a, "sync");
    CliRun untrack = ok(a, "sync", "--untrack");

    assertTrue(init.out().contains("gitml sync --untrack"), init.out());
    assertTrue(sync.err().contains("gitml sync --untrack"), sync.err());
    assertTrue(untrack.out().contains("nothing committed"), untrack.out());
    assertEquals(".git-ml/config.json\n", git(a, "ls-files", ".git-ml"));
    assertTrue(Files.exists(a.resolve(".git-ml/config.json")));
    assertEquals(2, stats(a).get("commits").asInt(), "the files stay");
    git(a, "reset", "-q");
    git(a, "add", "staged.txt");

    CliRun commit = ok(a, "sync", "--untrack", "--commit");

    assertTrue(commit.out().contains("committed"), commit.out());
    String inCommit = git(a, "show", "--name-only", "--format=%s", "HEAD");
    assertTrue(inCommit.startsWith("data: ML tracking data untracked"), inCommit);
    assertFalse(inCommit.contains("staged.txt"), inCommit);
    assertEquals(
        ".git-ml/config.json\n", git(a, "ls-tree", "-r", "--name-only", "HEAD", ".git-ml"));
    assertEquals("A  staged.txt\n", git(a, "status", "--porcelain", "--untracked-files=all"));
  }
}
