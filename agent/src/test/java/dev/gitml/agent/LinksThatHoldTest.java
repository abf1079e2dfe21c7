package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Link;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links from chats to the commits they led to hold where other tools lose them: several commits of
 * one turn, a subagent's edits, an assistant's {@code Co-authored-by:} trailer, and a commit
 * replaced by an amend or a squash (the link follows it to the new commit, in either order).
 */
class LinksThatHoldTest {
  static final String SID = "5b1c2d3e-0000-4000-8000-00000000a11c";

  @TempDir Path tmp;
  GitRepoFixture fx;
  Path transcript;
  Instant t0;

  @BeforeEach
  void setUp() throws Exception {
    fx = new GitRepoFixture(tmp);
    Path claude = tmp.resolve("claude");
    fx.env.put("CLAUDE_CONFIG_DIR", claude.toString());
    fx.env.put("HOME", tmp.resolve("user home").toString());
    fx.commit("README", "r\n", "first");
    assertEquals(0, fx.gitml("init", "--no-backfill").exit());
    transcript = claude.resolve("projects/p").resolve(SID + ".jsonl");
    Files.createDirectories(transcript.getParent());
    t0 = Instant.now().minusSeconds(8 * 60);
  }

  private ObjectNode line(String type, int second) {
    ObjectNode n = GitRepoFixture.JSON.createObjectNode();
    n.put("type", type);
    n.put("cwd", fx.repo.toString());
    n.put("sessionId", SID);
    n.put("timestamp", t0.plusSeconds(second).toString());
    return n;
  }

  private ObjectNode prompt(int second, String text) {
    ObjectNode n = line("user", second);
    n.putObject("message").put("role", "user").put("content", text);
    return n;
  }

  private List<ObjectNode> edit(int second, String id, String file) {
    ObjectNode use = line("assistant", second);
    ObjectNode m = use.putObject("message").put("role", "assistant").put("model", "claude-x");
    ArrayNode content = m.putArray("content");
    content.addObject().put("type", "text").put("text", "Writing " + file);
    ObjectNode tool =
        content.addObject().put("type", "tool_use").put("id", id).put("name", "Write");
    tool.putObject("input")
        .put("file_path", fx.repo.resolve(file).toString())
        .put("content", "x\n");
    ObjectNode result = line("user", second + 1);
    result
        .putObject("message")
        .put("role", "user")
        .putArray("content")
        .addObject()
        .put("type", "tool_result")
        .put("tool_use_id", id)
        .put("content", "ok");
    return List.of(use, result);
  }

  private ObjectNode say(int second, String text) {
    ObjectNode n = line("assistant", second);
    n.putObject("message")
        .put("role", "assistant")
        .put("model", "claude-x")
        .putArray("content")
        .addObject()
        .put("type", "text")
        .put("text", text);
    return n;
  }

  private void write(Path file, List<ObjectNode> lines) throws Exception {
    Files.createDirectories(file.getParent());
    StringBuilder sb = new StringBuilder();
    for (ObjectNode n : lines) {
      sb.append(GitRepoFixture.JSON.writeValueAsString(n)).append('\n');
    }
    Files.writeString(file, sb.toString());
  }

  /** A session: one turn writes a.txt and b.txt, a second asks for the commit. */
  private void session() throws Exception {
    List<ObjectNode> lines = new ArrayList<>();
    lines.add(prompt(0, "add a and b"));
    lines.addAll(edit(1, "tu1", "a.txt"));
    lines.addAll(edit(3, "tu2", "b.txt"));
    lines.add(say(5, "Done."));
    lines.add(prompt(60, "commit them"));
    lines.add(say(61, "Committed."));
    write(transcript, lines);
  }

  private Map<String, Set<String>> chatLinks() throws Exception {
    try (Store store = Store.open(DataDir.of(fx.repo))) {
      List<Link> links = new ArrayList<>();
      store.scan(Link.class, r -> links.add(r.data()));
      return links.stream()
          .filter(l -> l.kind() == Link.Kind.CHAT_COMMIT)
          .collect(
              Collectors.groupingBy(
                  Link::to, Collectors.mapping(l -> l.source(), Collectors.toSet())));
    }
  }

  private List<Chat> chats() throws Exception {
    try (Store store = Store.open(DataDir.of(fx.repo))) {
      List<Chat> out = new ArrayList<>();
      store.scan(Chat.class, r -> out.add(r.data()));
      return out;
    }
  }

  private void commit(String file, String message) throws Exception {
    Files.writeString(fx.repo.resolve(file), "x\n");
    fx.git("add", file);
    fx.git("commit", "-q", "-m", message);
  }

  private void importSession() {
    CliRun r = fx.gitml("sessions", "import", "--path", transcript.toString());
    assertEquals(0, r.exit(), r.err());
  }

  @Test
  void twoCommitsOfOneTurn_bothLinkToTheChat() throws Exception {
    session();
    commit("a.txt", "add a");
    String a = fx.head();
    commit("b.txt", "add b");
    String b = fx.head();
    fx.gitml("daemon", "run", "--once");

    importSession();

    Map<String, Set<String>> links = chatLinks();
    assertEquals(Set.of("file-overlap"), links.get(a), links.toString());
    assertEquals(Set.of("file-overlap"), links.get(b), links.toString());
  }

  @Test
  void subagentsEdit_commitLinksToTheSubagentsChat() throws Exception {
    session();
    Path sub = transcript.resolveSibling(SID).resolve("subagents/agent-a1b2c3.jsonl");
    List<ObjectNode> lines = new ArrayList<>();
    lines.add(prompt(10, "write c.txt").put("isSidechain", true).put("agentId", "a1b2c3"));
    for (ObjectNode n : edit(11, "tu9", "c.txt")) {
      lines.add(n.put("isSidechain", true).put("agentId", "a1b2c3"));
    }
    lines.add(say(13, "Wrote c.").put("isSidechain", true).put("agentId", "a1b2c3"));
    write(sub, lines);
    commit("c.txt", "add c");
    String c = fx.head();
    fx.gitml("daemon", "run", "--once");

    importSession();

    assertTrue(chatLinks().containsKey(c), chatLinks().toString());
    assertTrue(
        chats().stream().anyMatch(ch -> "a1b2c3".equals(ch.agentId())), "the subagent's chat");
  }

  @Test
  void coAuthoredByTrailer_commitWithoutOverlapLinksToTheChatUnderWay() throws Exception {
    session();
    commit("d.txt", "tidy\n\nCo-Authored-By: Claude <noreply@anthropic.com>");
    String d = fx.head();
    commit("e.txt", "by hand");
    String e = fx.head();
    fx.gitml("daemon", "run", "--once");

    importSession();

    assertEquals(Set.of("co-authored-by"), chatLinks().get(d));
    assertTrue(!chatLinks().containsKey(e), "no evidence, no link");
  }

  @Test
  void amendAfterTheSessionWasSummedUp_linkCarriedToTheNewCommit() throws Exception {
    session();
    commit("a.txt", "add a");
    String old = fx.head();
    fx.gitml("daemon", "run", "--once");
    importSession();

    fx.git("commit", "-q", "--amend", "-m", "add a (better message)");
    String amended = fx.head();
    CliRun r = fx.gitml("daemon", "run", "--once");

    assertTrue(r.out().startsWith("processed "), r.out());
    Map<String, Set<String>> links = chatLinks();
    assertEquals(Set.of("file-overlap"), links.get(old));
    assertEquals(Set.of("file-overlap, then post-rewrite amend"), links.get(amended), "" + links);
  }

  @Test
  void squashBeforeTheSessionIsSummedUp_linkFollowsToTheSquashedCommit() throws Exception {
    session();
    commit("a.txt", "add a");
    commit("b.txt", "add b");
    fx.gitml("daemon", "run", "--once");
    fx.git(
        Map.of("GIT_SEQUENCE_EDITOR", "sed -i -e '2s/^pick/squash/'", "GIT_EDITOR", "true"),
        "rebase",
        "-q",
        "-i",
        "HEAD~2");
    String squashed = fx.head();
    fx.gitml("daemon", "run", "--once");

    importSession();

    Set<String> sources = chatLinks().get(squashed);
    assertTrue(sources != null && !sources.isEmpty(), chatLinks().toString());
    try (Store store = Store.open(DataDir.of(fx.repo))) {
      Set<String> replaced = new java.util.HashSet<>();
      store.scan(
          Link.class,
          rec -> {
            if (rec.data().kind() == Link.Kind.SUPERSEDES && rec.data().from().equals(squashed)) {
              replaced.add(rec.data().to());
            }
          });
      assertEquals(2, replaced.size(), "the squashed commit replaces both: " + replaced);
    }
  }
}
