package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.RecordType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture path under the faults and git operations that break naive collectors: a data
 * directory that cannot be written, two worktrees committing at once, rewritten history, commits no
 * hook reports, huge and binary files, bytes that are not UTF-8.
 */
class CaptureFaultsTest {
  @TempDir Path tmp;
  GitRepoFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new GitRepoFixture(tmp);
  }

  private CliRun pass() {
    CliRun r = fx.gitml("daemon", "run", "--once");
    assertEquals(0, r.exit(), r.out() + r.err());
    return r;
  }

  private List<JsonNode> stored(RecordType type) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (Store store = Store.open(DataDir.of(fx.repo))) {
      store.scan(type, r -> out.add(r.data()));
    }
    return out;
  }

  @Test
  void writeFailure_eventStaysStatusSaysWhyThenCapturedOnceFixed() throws Exception {
    fx.gitml("init", "--no-backfill");
    fx.commit("a.txt", "one\n", "first");
    // a file where the store needs a directory: every write fails, for root as well
    Path streams = fx.repo.resolve(".git-ml/local");
    Path moved = tmp.resolve("local-moved");
    Files.move(streams, moved);
    Files.writeString(streams, "in the way\n");

    CliRun failed = pass();

    assertEquals(1, fx.inbox().size(), "the event waits: " + failed.out());
    JsonNode status = fx.status();
    assertEquals(1, status.get("inbox").asInt());
    assertTrue(status.get("errors").size() > 0, status.toString());
    String error = status.at("/errors/0/message").asText();
    assertTrue(
        error.contains(".git-ml/local: a file is in the way")
            || error.contains(".git-ml/local: not a directory"),
        error);

    Files.delete(streams);
    Files.move(moved, streams);
    pass();

    assertEquals(List.of(), fx.inbox());
    assertEquals(1, fx.commitsStored());
    assertEquals(0, fx.status().get("errors").size(), "errors clear once the queue drains");
  }

  @Test
  void twoWorktrees_committingAtTheSameTime_everyCommitOnce() throws Exception {
    fx.commit("base.txt", "base\n", "base");
    fx.gitml("init", "--no-backfill");
    Path other = tmp.resolve("other tree");
    fx.git("worktree", "add", "-q", "-b", "side", other.toString());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (Path tree : List.of(fx.repo, other)) {
        runs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 8; i++) {
                    Files.writeString(tree.resolve("f" + i + ".txt"), tree + " " + i + "\n");
                    fx.gitIn(tree, Map.of(), "add", "-A");
                    fx.gitIn(tree, Map.of(), "commit", "-q", "-m", "commit " + i);
                  }
                  return null;
                }));
      }
      for (Future<?> f : runs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    assertEquals(16, fx.inbox().size());
    pass();

    assertEquals(List.of(), fx.inbox());
    assertEquals(17, fx.stats().get("commits").asInt(), "base, and 8 on each branch");
    long onSide =
        stored(RecordType.COMMIT).stream()
            .filter(
                c ->
                    c.get("branch").asText().equals("side")
                        && c.get("message").asText().startsWith("commit "))
            .count();
    assertEquals(8, onSide);
  }

  @Test
  void interactiveRebaseOfTwentyCommits_rewrittenOnesSupersededCountedOnce() throws Exception {
    fx.commit("base.txt", "base\n", "base");
    for (int i = 0; i < 20; i++) {
      fx.commit("f" + i + ".txt", i + "\n", "change " + i);
    }
    fx.gitml("init");
    assertEquals(21, fx.stats().get("commits").asInt());

    // reword the first of the 20: all of them get new hashes
    fx.git(
        Map.of(
            "GIT_SEQUENCE_EDITOR",
            "sed -i -e 1s/^pick/reword/",
            "GIT_EDITOR",
            "sed -i -e 1s/$/,reworded/"),
        "rebase",
        "-q",
        "-i",
        "HEAD~20");
    pass();

    JsonNode stats = fx.stats();
    assertEquals(21, stats.get("commits").asInt(), "each commit once: " + stats);
    assertEquals(41, countRecords(RecordType.COMMIT), "the old versions are kept");
    assertEquals(
        20,
        stored(RecordType.LINK).stream()
            .filter(
                l ->
                    l.get("kind").asText().equals("supersedes")
                        && l.get("source").asText().equals("post-rewrite rebase"))
            .count());
  }

  private long countRecords(RecordType type) throws Exception {
    return stored(type).size();
  }

  @Test
  void cherryPickAndGitAm_capturedThoughGitAmRunsNoCommitHook() throws Exception {
    fx.commit("base.txt", "base\n", "base");
    fx.git("checkout", "-q", "-b", "feature");
    fx.commit("pick.txt", "pick me\n", "to cherry-pick");
    String pick = fx.head();
    for (int i = 0; i < 3; i++) {
      fx.commit("am" + i + ".txt", i + "\n", "patch " + i);
    }
    Path patches = tmp.resolve("patches");
    fx.git("format-patch", "-q", "-3", "-o", patches.toString());
    fx.git("checkout", "-q", "main");
    fx.gitml("init", "--no-backfill");

    fx.git("cherry-pick", pick);
    pass();
    assertTrue(subjects().contains("to cherry-pick"), subjects().toString());

    List<String> am = new ArrayList<>(List.of("am", "-q"));
    try (var s = Files.list(patches)) {
      s.sorted().forEach(p -> am.add(p.toString()));
    }
    fx.git(am.toArray(String[]::new));
    assertEquals(List.of(), fx.inbox(), "git am runs no commit hook");
    pass(); // the daemon's sweep of the registered repositories finds them

    assertTrue(
        subjects().containsAll(List.of("patch 0", "patch 1", "patch 2")), subjects().toString());
  }

  private List<String> subjects() throws Exception {
    return stored(RecordType.COMMIT).stream()
        .map(c -> c.get("message").asText().lines().findFirst().orElse(""))
        .toList();
  }

  @Test
  void hugeBinaryAndNonUtf8_capturedWithNotesNothingLost() throws Exception {
    fx.gitml("init", "--no-backfill");
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < 99; i++) {
      line.append('x');
    }
    line.append('\n');
    Path big = fx.repo.resolve("big.txt");
    try (var out = Files.newBufferedWriter(big)) {
      for (int i = 0; i < 500_000; i++) { // 50 MB
        out.write(line.toString());
      }
    }
    byte[] binary = new byte[4096];
    new java.util.Random(1).nextBytes(binary);
    Files.write(fx.repo.resolve("blob.bin"), binary);
    // a file name and a message in Latin-1, as an old repository may hold them
    String script =
        "printf 'caf\\351\\n' > \"$(printf 'caf\\351.txt')\" && git add -A"
            + " && printf 'r\\351sum\\351 in latin-1\\n' > ../msg"
            + " && git -c i18n.commitEncoding=ISO-8859-1 commit -q -F ../msg";
    ProcessBuilder pb =
        new ProcessBuilder("sh", "-c", script)
            .directory(fx.repo.toFile())
            .redirectErrorStream(true);
    pb.environment().putAll(fx.env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);

    pass();

    assertEquals(List.of(), fx.inbox());
    List<JsonNode> full = stored(RecordType.COMMIT_FULL);
    assertEquals(1, full.size());
    JsonNode c = full.get(0);
    assertEquals("résumé in latin-1", c.get("message").asText().strip());
    String files = c.get("files_changed").toString();
    assertTrue(files.contains("big.txt") && files.contains("blob.bin"), files);
    assertTrue(files.contains("caf"), files);
    assertTrue(c.toString().length() < 5_000_000, "a huge diff is bounded");
    String notes = c.path("notes").toString();
    assertTrue(notes.contains("big.txt"), notes);
    assertTrue(notes.contains("blob.bin"), notes);
    assertFalse(
        c.toString()
            .contains(
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                    + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        "no 50 MB of hunks");
  }

  @Test
  void backfill_partialCloneWithoutOldBlobs_importsWhatItCanAndReportsTheRest() throws Exception {
    for (int i = 0; i < 5; i++) {
      fx.commit("f.txt", "version " + i + "\n", "change " + i);
    }
    fx.git("config", "uploadpack.allowFilter", "true");
    Path clone = tmp.resolve("partial clone");
    fx.gitIn(
        tmp,
        Map.of(),
        "clone",
        "-q",
        "--filter=blob:none",
        "--no-local",
        "file://" + fx.repo,
        clone.toString());

    CliRun init = CliRun.with(fx.env, "", "-C", clone.toString(), "init", "--no-hooks");

    assertEquals(0, init.exit(), init.out() + init.err());
    assertTrue(init.out().contains("5 commits"), init.out());
    CliRun again = CliRun.with(fx.env, "", "-C", clone.toString(), "stats", "--json");
    assertEquals(5, GitRepoFixture.JSON.readTree(again.out()).get("commits").asInt());
    assertTrue(init.out().contains("is missing, a partial clone"), init.out());
  }
}
