package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.collector.daemon.EventProcessor;
import dev.gitml.collector.daemon.GitmlHome;
import dev.gitml.collector.session.ClaudeProjects;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.RecordType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the adversarial run of issue 14 found in the capture path, each reproduced: a write outage
 * that lost commits and doubled amends, one commit stored once per branch, events of another user,
 * an event that takes every daemon down, and what {@code status} and {@code flush} said about it
 * all.
 */
class CaptureTrustTest {
  @TempDir Path tmp;
  GitRepoFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new GitRepoFixture(tmp);
  }

  /** A clock the test moves, so the daemon's back-off passes without sleeping. */
  static final class Ticking extends Clock {
    long millis = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  private EventProcessor processor(Clock clock) {
    return new EventProcessor(
        new GitmlHome(fx.home),
        ClaudeProjects.of(Map.of(), tmp.resolve("user home").toString()),
        clock,
        line -> {});
  }

  private List<JsonNode> stored(RecordType type) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (Store store = Store.open(DataDir.of(fx.repo))) {
      store.scan(type, r -> out.add(r.data()));
    }
    return out;
  }

  /** Makes every write to the data directory fail (as root too): a file where a folder goes. */
  private Path breakStorage() throws Exception {
    Path local = fx.repo.resolve(".git-ml/local");
    Path moved = tmp.resolve("local-moved");
    Files.move(local, moved);
    Files.writeString(local, "in the way\n");
    return moved;
  }

  private void repairStorage(Path moved) throws Exception {
    Path local = fx.repo.resolve(".git-ml/local");
    Files.delete(local);
    Files.move(moved, local);
  }

  @Test
  void drain_writeOutageLongerThanEveryRetry_noCommitLostAmendLinkedOnce() throws Exception {
    fx.gitml("init", "--no-backfill");
    Path moved = breakStorage();
    for (int i = 0; i < 12; i++) {
      fx.commit("f" + i + ".txt", i + "\n", "change " + i);
    }
    String beforeAmend = fx.head();
    fx.git("commit", "-q", "--amend", "-m", "change 11, amended");
    Ticking clock = new Ticking();
    EventProcessor daemon = processor(clock);

    for (int i = 0; i < 30; i++) { // an outage of hours: far past the old five tries
      daemon.drain();
      clock.millis += 10 * 60_000;
    }

    assertEquals(14, fx.inbox().size(), "12 commits, the amend's commit and its rewrite wait");
    JsonNode status = fx.status();
    assertEquals(14, status.get("inbox").asInt());
    assertEquals(0, status.at("/set_aside/rejected").asInt(), status.toString());
    assertTrue(
        status.at("/errors/0/message").asText().startsWith("cannot write:"), status.toString());

    repairStorage(moved);
    EventProcessor.Pass pass = daemon.drain();

    assertEquals(14, pass.processed(), pass.why().toString());
    assertEquals(List.of(), fx.inbox());
    JsonNode stats = fx.stats();
    assertEquals(12, stats.get("commits").asInt(), "each commit once: " + stats);
    assertEquals(
        1,
        stored(RecordType.LINK).stream()
            .filter(
                l ->
                    l.get("kind").asText().equals("supersedes")
                        && l.get("to").asText().equals(beforeAmend))
            .count());
    JsonNode after = fx.status();
    assertEquals(0, after.get("errors").size());
    assertTrue(after.at("/last_outage/errors").asInt() >= 30, after.toString());
  }

  @Test
  void drain_commitsNoEventReported_wholeGapCapturedWithAmendLink() throws Exception {
    fx.commit("base.txt", "base\n", "base");
    fx.gitml("init");
    Map<String, String> noHook = Map.of("GITML_DISABLED", "1");
    for (int i = 0; i < 70; i++) { // a disk too full for the hook to write its event
      Files.writeString(fx.repo.resolve("g" + i + ".txt"), i + "\n");
      fx.git(noHook, "add", "-A");
      fx.git(noHook, "commit", "-q", "-m", "gap " + i);
    }
    String beforeAmend = fx.head();
    fx.git(noHook, "commit", "-q", "--amend", "-m", "gap 69, amended");

    fx.gitml("daemon", "run", "--once");

    JsonNode stats = fx.stats();
    assertEquals(71, stats.get("commits").asInt(), stats.toString());
    assertEquals(
        1,
        stored(RecordType.LINK).stream()
            .filter(l -> l.get("to").asText().equals(beforeAmend))
            .count(),
        "the reflog's amend");
    assertNotNull(
        fx.status().get("last_capture").textValue(), "a capture by the catch-up pass is a capture");
  }

  @Test
  void drain_branchCreatedRightAfterACommit_oneRecordPerCommitOnItsOwnBranch() throws Exception {
    fx.commit("base.txt", "base\n", "base");
    fx.gitml("init");
    fx.commit("a.txt", "a\n", "on main");
    String onMain = fx.head();
    fx.git("checkout", "-q", "-b", "b1");
    fx.commit("b.txt", "b\n", "on b1");
    // a catch-up reads both commits before their events: it used to say b1 for both
    fx.gitml("backfill");
    fx.gitml("daemon", "run", "--once");

    List<JsonNode> commits = stored(RecordType.COMMIT);
    assertEquals(3, commits.size(), commits.toString());
    assertEquals(
        3, new HashSet<>(commits.stream().map(c -> c.get("hash").asText()).toList()).size());
    JsonNode first =
        commits.stream()
            .filter(c -> c.get("hash").asText().equals(onMain))
            .findFirst()
            .orElseThrow();
    assertEquals("main", first.get("branch").asText());
    assertEquals(3, fx.stats().get("commits_full").asInt());
  }

  @Test
  void drain_commitsReplayedByARebase_branchIsTheRebasedOneNotASha() throws Exception {
    fx.commit("base.txt", "base\n", "base");
    fx.gitml("init");
    fx.git("checkout", "-q", "-b", "topic");
    fx.commit("t1.txt", "1\n", "topic 1");
    fx.commit("t2.txt", "2\n", "topic 2");
    fx.git("checkout", "-q", "main");
    fx.commit("m.txt", "m\n", "main moves");
    fx.git("checkout", "-q", "topic");
    fx.gitml("daemon", "run", "--once");

    fx.git("rebase", "-q", "main");
    fx.git("checkout", "-q", "--detach"); // HEAD elsewhere when the daemon reads the events
    fx.gitml("daemon", "run", "--once");

    for (JsonNode c : stored(RecordType.COMMIT)) {
      String branch = c.path("branch").asText("");
      assertFalse(branch.matches("[0-9a-f]{40}"), "a SHA as branch: " + c);
      if (c.get("message").asText().startsWith("topic")) {
        assertEquals("topic", branch, c.toString());
      }
    }
  }

  @Test
  void drain_eventFileOfAnotherUser_refusedAndNeverRead() throws Exception {
    assumeTrue(isRoot(), "needs root to give a file to another user");
    fx.gitml("init", "--no-backfill");
    Path inbox = fx.home.resolve("inbox");
    Files.setPosixFilePermissions(inbox, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path planted = inbox.resolve("ev-planted");
    Files.writeString(
        planted,
        "gitml-event 1\nevent post-commit\nrepo "
            + fx.repo
            + "\ngit-dir "
            + fx.repo.resolve(".git")
            + "\nhead \nbranch main\nargs \n\ngitml-end\n");
    Files.setAttribute(planted, "unix:uid", 4242);
    fx.commit("a.txt", "a\n", "mine");

    EventProcessor.Pass pass = processor(Clock.systemUTC()).drain();

    assertEquals(1, pass.setAside());
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(inbox)),
        "the folder is tightened");
    String reason = Files.readString(inbox.resolve("rejected/ev-planted.reason"));
    assertTrue(reason.contains("owned by uid 4242"), reason);
  }

  @Test
  void drain_symlinkAndFifoInTheInbox_refusedWithoutBlocking() throws Exception {
    fx.gitml("init", "--no-backfill");
    Path inbox = fx.home.resolve("inbox");
    Path secret = tmp.resolve("secret.txt");
    Files.writeString(secret, "gitml-event 1\n");
    Files.createSymbolicLink(inbox.resolve("ev-link"), secret);
    Process mkfifo = new ProcessBuilder("mkfifo", inbox.resolve("ev-fifo").toString()).start();
    assertEquals(0, mkfifo.waitFor());

    EventProcessor.Pass pass = processor(Clock.systemUTC()).drain();

    assertEquals(2, pass.setAside());
    assertTrue(
        Files.readString(inbox.resolve("rejected/ev-link.reason")).contains("a symbolic link"));
    assertTrue(Files.readString(inbox.resolve("rejected/ev-fifo.reason")).contains("a FIFO"));
    assertTrue(Files.exists(secret), "the link's target is left alone");
  }

  @Test
  void drain_eventADaemonDiedOnThreeTimes_setAsideAndTheRestProcessed() throws Exception {
    fx.gitml("init", "--no-backfill");
    fx.commit("a.txt", "a\n", "killer");
    fx.commit("b.txt", "b\n", "fine");
    String killer =
        fx.inbox().stream()
            .min(
                java.util.Comparator.comparingLong(
                    p -> {
                      try {
                        return Files.getLastModifiedTime(p).toMillis();
                      } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    }))
            .orElseThrow()
            .getFileName()
            .toString();
    // two daemons before this one died while processing it (killed for memory, say)
    Files.writeString(fx.home.resolve("inflight"), killer + " 2\n");

    EventProcessor.Pass pass = processor(Clock.systemUTC()).drain();

    assertEquals(1, pass.setAside());
    assertEquals(1, pass.processed());
    String reason = Files.readString(fx.home.resolve("inbox/rejected/" + killer + ".reason"));
    assertTrue(reason.contains("the daemon stopped 3 times"), reason);
    assertFalse(Files.exists(fx.home.resolve("inflight")));
  }

  @Test
  void drain_assistantEventSetAside_itsInputNotKeptOnDisk() throws Exception {
    fx.gitml("init", "--no-backfill");
    Path inbox = fx.home.resolve("inbox");
    Path notSetUp = tmp.resolve("not a gitml repository");
    Files.createDirectories(notSetUp);
    String secret = "ghp_" + "Zq8Xv2Lm4Np6Rt1Sw3Yb5Cd7Fg9Hj0Kk2Mm4";
    Files.writeString(
        inbox.resolve("ev-7-0"),
        "gitml-event 1\nevent claude:Stop\nrepo "
            + notSetUp
            + "\n\n{\"cwd\": \""
            + notSetUp
            + "\", \"tool_input\": {\"content\": \"GH_TOKEN="
            + secret
            + "\"}}\ngitml-end\n");

    EventProcessor.Pass pass = processor(Clock.systemUTC()).drain();

    assertEquals(1, pass.setAside());
    String kept = Files.readString(inbox.resolve("rejected/ev-7-0"));
    assertTrue(kept.startsWith("gitml-event 1\nevent claude:Stop\n"), kept);
    assertFalse(kept.contains(secret), kept);
    assertTrue(Files.readString(inbox.resolve("rejected/ev-7-0.reason")).contains("not a"));
  }

  @Test
  void flush_tornEventWaiting_exitsOneAndSaysWhy() throws Exception {
    fx.gitml("init", "--no-backfill");
    Path inbox = fx.home.resolve("inbox");
    Files.writeString(inbox.resolve("ev-1-0"), "gitml-event 1\nevent post-commit\n");

    CliRun r = fx.gitml("daemon", "flush");

    assertEquals(1, r.exit());
    assertTrue(r.out().contains("ev-1-0: being written (or cut short"), r.out() + r.err());
  }

  @Test
  void hook_tenMegabytePayload_copiedWholeIntoTheEvent() throws Exception {
    fx.gitml("init", "--no-backfill");
    Path hook = fx.repo.resolve(".git-ml/bin/gitml-hook");
    StringBuilder json =
        new StringBuilder("{\"cwd\": \"" + fx.repo + "\", \"tool_input\": " + "{\"content\": \"");
    json.append("x".repeat(10 << 20)).append("\"}}");
    ProcessBuilder pb =
        new ProcessBuilder("sh", hook.toString(), "claude:Stop")
            .directory(fx.repo.toFile())
            .redirectErrorStream(true);
    pb.environment().putAll(fx.env);
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      in.write(json.toString().getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(0, p.waitFor());

    List<Path> events = fx.inbox();
    assertEquals(1, events.size());
    String text = Files.readString(events.get(0));
    assertTrue(text.contains(json.toString() + "\ngitml-end\n"), "the body whole, then the end");
  }

  @Test
  void hook_toolUseWithALargeInput_drainedNotCopied() throws Exception {
    fx.gitml("init", "--no-backfill");
    Path hook = fx.repo.resolve(".git-ml/bin/gitml-hook");
    ProcessBuilder pb =
        new ProcessBuilder("sh", hook.toString(), "claude:PostToolUse")
            .directory(fx.repo.toFile())
            .redirectErrorStream(true);
    pb.environment().putAll(fx.env);
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      in.write(
          ("{\"tool_input\": {\"content\": \"" + "y".repeat(1 << 20) + "\"}}")
              .getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(0, p.waitFor());

    List<Path> events = fx.inbox();
    assertEquals(1, events.size(), "the daemon is still woken");
    assertTrue(Files.size(events.get(0)) < 1024, "the input is not copied");
  }

  @Test
  void drain_inFlightMarkerCannotBeWritten_eventStillCaptured() throws Exception {
    fx.gitml("init", "--no-backfill");
    fx.commit("a.txt", "a\n", "first");
    Path marker = fx.home.resolve("inflight");
    Files.createDirectories(marker.resolve("in the way"));

    EventProcessor.Pass pass = processor(Clock.systemUTC()).drain();

    assertEquals(1, pass.processed(), pass.why().toString());
    assertEquals(1, fx.commitsStored());
  }

  private static boolean isRoot() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
