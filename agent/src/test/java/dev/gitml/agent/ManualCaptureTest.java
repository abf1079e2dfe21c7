package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gitml chat}, {@code gitml action} and {@code gitml session}: manual records in a real
 * repository, redacted, counted, verified, and linked to the commits made while a session is open.
 */
class ManualCaptureTest {
  private static final String TOKEN = "ghp_" + "R7kQ2mZ9xW4vB8nL3pT6yH1jF5dS0gC2aE9u";

  @TempDir Path tmp;

  private static <T extends dev.gitml.storage.record.RecordData> List<T> all(
      GitRepoFixture fx, Class<T> type) throws Exception {
    List<T> out = new ArrayList<>();
    try (Store store = Store.open(DataDir.of(fx.repo))) {
      store.scan(type, r -> out.add(r.data()));
    }
    return out;
  }

  private CliRun gitmlWithInput(GitRepoFixture fx, String stdin, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "-C";
    all[1] = fx.repo.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return CliRun.with(fx.env, stdin, all);
  }

  @Test
  void chat_responseFromStdinWithFeedback_chatAndFeedbackStoredRedactedAndCounted()
      throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");

    CliRun r =
        gitmlWithInput(
            fx,
            "Set GITHUB_TOKEN=" + TOKEN + " and rerun.\nIt passes now.\n",
            "chat",
            "--query",
            "Why does the deploy fail?",
            "--response",
            "-",
            "--files-ref",
            "deploy.sh",
            "README.md",
            "--files-mod",
            "deploy.sh",
            "--tools",
            "Read,Edit,Bash",
            "--feedback",
            "good");

    assertEquals(0, r.exit(), r.err());
    String id = r.out().strip();
    assertTrue(id.matches("chat-\\d{8}-\\d{6}-[0-9a-f]{6}"), id);
    Chat chat = all(fx, Chat.class).get(0);
    assertEquals(id, chat.id());
    assertEquals("manual", chat.assistant());
    assertEquals(List.of("deploy.sh", "README.md"), chat.filesReferenced());
    assertEquals(List.of("Read", "Edit", "Bash"), chat.toolsUsed());
    assertFalse(chat.response().contains(TOKEN), chat.response());
    assertTrue(chat.response().contains("[REDACTED:"), chat.response());
    JsonNode stats = fx.stats();
    assertEquals(1, stats.get("chats").asInt());
    assertEquals(1, stats.get("feedback").asInt());
    assertEquals(0, fx.gitml("chunks", "verify").exit());
    CliRun exported =
        fx.gitml(
            "export", "--format", "jsonl", "--task", "chat", "--min-rating", "1", "--out", "-");
    assertEquals(0, exported.exit(), exported.err());
    assertTrue(exported.out().contains("Why does the deploy fail?"), exported.out());
    assertFalse(exported.out().contains(TOKEN), exported.out());
  }

  @Test
  void sessionStatus_damagedState_oneLineFailureNamingTheFile() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    Files.writeString(fx.repo.resolve(".git-ml/local/manual-session.json"), "{\"session_id\":");

    CliRun r = fx.gitml("session", "status");

    assertEquals(Cli.FAILURE, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("manual-session.json: not a manual session's state"), r.err());
  }

  @Test
  void chat_twoValuesFromStdinOrBadFeedback_oneLineUsageErrorNothingStored() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");

    CliRun both = gitmlWithInput(fx, "x", "chat", "--query", "-", "--response", "-");
    CliRun bad = fx.gitml("chat", "--query", "q", "--response", "r", "--feedback", "great");

    assertEquals(Cli.USAGE, both.exit());
    assertEquals(1, both.err().lines().count(), both.err());
    assertEquals(Cli.USAGE, bad.exit());
    assertTrue(bad.err().contains("good, bad or neutral"), bad.err());
    assertEquals(0, fx.stats().get("chats").asInt());
  }

  @Test
  void session_chatsActionsAndACommitWhileOpen_sessionRecordLinksThemAll() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    Files.writeString(fx.repo.resolve("app.py"), "print(1)\n");
    fx.git("add", "-A");
    String hourAgo = (System.currentTimeMillis() / 1000 - 3600) + " +0000";
    fx.git(
        java.util.Map.of("GIT_AUTHOR_DATE", hourAgo, "GIT_COMMITTER_DATE", hourAgo),
        "commit",
        "-q",
        "-m",
        "initial, before the session");
    fx.gitml("init", "--no-hooks");

    CliRun start = fx.gitml("session", "start", "--id", "s-manual-1");
    String chatId =
        fx.gitml(
                "chat",
                "--query",
                "Print 2 instead",
                "--response",
                "Changed app.py",
                "--files-mod",
                "app.py",
                "--tools",
                "Edit")
            .out()
            .strip();
    CliRun failed = fx.gitml("action", "--type", "Bash", "--target", "pytest -x", "--failed");
    fx.gitml("action", "--type", "Bash", "--target", "pytest");
    fx.commit("app.py", "print(2)\n", "Print 2");
    String hash = fx.head();
    JsonNode status = GitRepoFixture.JSON.readTree(fx.gitml("session", "status", "--json").out());
    CliRun end = fx.gitml("session", "end", "--summary", "Switched the output to 2");

    assertEquals(0, start.exit(), start.err());
    assertEquals("started session s-manual-1\n", start.out());
    assertEquals(0, failed.exit(), failed.err());
    assertTrue(status.get("open").asBoolean());
    assertEquals(1, status.get("chats").asInt());
    assertEquals(2, status.get("actions").asInt());
    assertEquals(0, end.exit(), end.err());
    assertEquals("ended session s-manual-1: 1 chats, 3 tool uses, 1 commits, 1 files\n", end.out());
    Session s = all(fx, Session.class).get(0);
    assertEquals("manual", s.assistant());
    assertEquals("main", s.branch());
    assertEquals(List.of(chatId), s.chatIds());
    assertEquals(List.of(hash), s.commits());
    assertEquals("Switched the output to 2", s.summary());
    List<Link> links = all(fx, Link.class);
    assertTrue(
        links.contains(
            new Link(
                Link.Kind.SESSION_COMMIT, "s-manual-1", hash, linkTime(links), "session-window")),
        links.toString());
    assertTrue(
        links.stream().anyMatch(l -> l.kind() == Link.Kind.CHAT_COMMIT && l.from().equals(chatId)),
        links.toString());
    List<Action> actions = all(fx, Action.class);
    assertEquals(1, actions.stream().filter(a -> Boolean.FALSE.equals(a.success())).count());
    assertTrue(actions.stream().allMatch(a -> "s-manual-1".equals(a.sessionId())));
    assertEquals("no session is open\n", fx.gitml("session", "status").out());
    JsonNode stats = fx.stats();
    assertEquals(1, stats.get("sessions").asInt());
    assertEquals(2, stats.get("actions").asInt());
    assertEquals(0, fx.gitml("chunks", "verify").exit());
  }

  private static String linkTime(List<Link> links) {
    return links.stream()
        .filter(l -> l.kind() == Link.Kind.SESSION_COMMIT)
        .findFirst()
        .orElseThrow()
        .timestamp();
  }

  @Test
  void session_commitCapturedByTheDaemonWhileOpen_linkedOnceToTheSession() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-backfill");
    fx.gitml("session", "start", "--id", "s-daemon");

    fx.commit("a.txt", "one\n", "first");
    CliRun pass = fx.gitml("daemon", "run", "--once");
    List<Link> afterCapture = all(fx, Link.class);
    CliRun end = fx.gitml("session", "end");

    assertEquals(0, pass.exit(), pass.err());
    assertEquals(1, afterCapture.size(), afterCapture.toString());
    assertEquals("s-daemon", afterCapture.get(0).from());
    assertEquals(fx.head(), afterCapture.get(0).to());
    assertEquals(0, end.exit(), end.err());
    assertEquals(1, all(fx, Link.class).size(), "the end's link is the daemon's, stored once");
    assertEquals(List.of(fx.head()), all(fx, Session.class).get(0).commits());
  }

  @Test
  void session_startTwiceOrEndWithNoneOpen_oneLineFailure() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");

    CliRun noneOpen = fx.gitml("session", "end");
    fx.gitml("session", "start", "--id", "one");
    CliRun twice = fx.gitml("session", "start");

    assertEquals(Cli.FAILURE, noneOpen.exit());
    assertEquals("gitml: no session is open (gitml session start opens one)\n", noneOpen.err());
    assertEquals(Cli.FAILURE, twice.exit());
    assertTrue(twice.err().contains("open already: one"), twice.err());
    assertTrue(Files.exists(fx.repo.resolve(".git-ml/local/manual-session.json")));
  }
}
