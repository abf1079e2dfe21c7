package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files read for a session stay inside its projects folder by their real paths, and only regular
 * files are opened. The timeouts guard against the hang being fixed (a FIFO blocks open() forever);
 * they assert no speed.
 */
@Timeout(120)
class ConfinementTest {
  @TempDir Path tmp;
  Path projects;
  Path project;
  Path outside;
  Path repo;

  @BeforeEach
  void setUp() throws Exception {
    projects = Files.createDirectories(tmp.resolve("claude/projects"));
    project = Files.createDirectories(projects.resolve("-home-dev-project"));
    outside = Files.createDirectories(tmp.resolve("elsewhere"));
    repo = Files.createDirectories(tmp.resolve("repo"));
    DataDir.of(repo).initialize();
  }

  private static String transcript(String uuid, String prompt) {
    return LargeTranscript.user(0, uuid, prompt) + "\n";
  }

  private static void mkfifo(Path p) throws Exception {
    Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    assertEquals(0, mk.waitFor(), "mkfifo " + p);
  }

  private SessionIngest.Result finish(Path transcript) throws Exception {
    try (Store store = Store.open(DataDir.of(repo))) {
      return new SessionIngest(store, repo, Redactor.standard()).finish(transcript);
    }
  }

  @Test
  void finish_subagentsFolderLinkedOutside_refusedWithReasonAndSessionRead() throws Exception {
    Path main = project.resolve("s1.jsonl");
    Files.writeString(main, transcript("u-main", "the session's prompt"));
    Files.createDirectories(outside.resolve("subagents"));
    Files.writeString(
        outside.resolve("subagents/agent-a1.jsonl"), transcript("u-secret", "a file elsewhere"));
    Files.createDirectories(project.resolve("s1"));
    Files.createSymbolicLink(project.resolve("s1/subagents"), outside.resolve("subagents"));

    SessionIngest.Result r = finish(main);

    assertEquals(1, r.chats(), "only the session's own chat");
    assertEquals(1, r.refused().size(), r.refused().toString());
    assertTrue(r.refused().get(0).contains("outside"), r.refused().get(0));
  }

  @Test
  void finish_subagentFileLinkedOutsideAndFifo_refusedAndTheRestRead() throws Exception {
    Path main = project.resolve("s2.jsonl");
    Files.writeString(main, transcript("u-main", "the session's prompt"));
    Path subagents = Files.createDirectories(project.resolve("s2/subagents"));
    Files.writeString(subagents.resolve("agent-good.jsonl"), transcript("u-sub", "explore"));
    Files.writeString(outside.resolve("secret.jsonl"), transcript("u-secret", "elsewhere"));
    Files.createSymbolicLink(
        subagents.resolve("agent-link.jsonl"), outside.resolve("secret.jsonl"));
    mkfifo(subagents.resolve("agent-fifo.jsonl"));

    SessionIngest.Result r = finish(main);

    assertEquals(2, r.chats(), "the session's chat and the good subagent's");
    List<String> refused = r.refused();
    assertEquals(2, refused.size(), refused.toString());
    assertTrue(
        refused.stream().anyMatch(s -> s.contains("agent-fifo.jsonl: not a regular file")),
        refused.toString());
    assertTrue(
        refused.stream().anyMatch(s -> s.contains("agent-link.jsonl: links to")),
        refused.toString());
  }

  @Test
  void transcriptsFor_fifoAndLinksOutside_refusedWithReasonsAndTheRestFound() throws Exception {
    String cwd = LargeTranscript.CWD;
    Path good = project.resolve("good.jsonl");
    Files.writeString(good, transcript("u1", "hello"));
    mkfifo(project.resolve("fifo.jsonl"));
    Files.writeString(outside.resolve("other.jsonl"), transcript("u2", "elsewhere"));
    Files.createSymbolicLink(project.resolve("linked.jsonl"), outside.resolve("other.jsonl"));
    Files.createSymbolicLink(projects.resolve("-linked-project"), outside);
    List<String> refused = new ArrayList<>();

    List<Path> found =
        new ClaudeProjects(List.of(projects)).transcriptsFor(Path.of(cwd), refused::add);

    assertEquals(List.of(good.toRealPath()), found);
    assertEquals(3, refused.size(), refused.toString());
    assertTrue(
        refused.stream().anyMatch(s -> s.contains("fifo.jsonl: not a regular file")),
        refused.toString());
    assertTrue(
        refused.stream().anyMatch(s -> s.contains("linked.jsonl: links to")), refused.toString());
    assertTrue(
        refused.stream().anyMatch(s -> s.contains("-linked-project: links to")),
        refused.toString());
  }

  @Test
  void read_fifo_refusedWithoutOpeningIt() throws Exception {
    Path fifo = project.resolve("fifo.jsonl");
    mkfifo(fifo);

    ClaudeProjects.RefusedException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ClaudeProjects.RefusedException.class, () -> finish(fifo));

    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
  }

  @Test
  void childDirectory_plainLinkedAndEscapingNames_onlyThoseInsideTheRoot() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("opencode/storage"));
    Path part = Files.createDirectories(root.resolve("part"));
    Files.createDirectories(part.resolve("msg_plain"));
    Files.createDirectories(root.resolve("kept"));
    Files.createSymbolicLink(part.resolve("msg_inside"), root.resolve("kept"));
    Files.createSymbolicLink(part.resolve("msg_outside"), outside);
    Files.writeString(part.resolve("msg_file"), "not a folder");
    Confinement c = Confinement.to(root);
    Path realPart = c.childDirectory(c.root(), "part").orElseThrow();

    assertEquals(realPart.resolve("msg_plain"), c.childDirectory(realPart, "msg_plain").get());
    assertEquals(root.resolve("kept").toRealPath(), c.childDirectory(realPart, "msg_inside").get());
    assertTrue(c.childDirectory(realPart, "msg_outside").isEmpty());
    assertTrue(c.childDirectory(realPart, "msg_file").isEmpty());
    assertTrue(c.childDirectory(realPart, "absent").isEmpty());
    assertTrue(c.childDirectory(realPart, "").isEmpty());
    assertTrue(c.childDirectory(realPart, "..").get().startsWith(c.root()), "part/.. is the root");
    assertTrue(c.childDirectory(c.root(), "../..").isEmpty());
    assertTrue(c.childDirectory(realPart, "../../../elsewhere").isEmpty());
    assertTrue(c.childDirectory(outside.toRealPath(), "x").isEmpty());
    assertEquals(4, c.refused().size(), String.join("\n", c.refused()));
    assertTrue(c.childDirectory(realPart, "bad\0name").isEmpty(), "a NUL: refused, not thrown");
    assertEquals(5, c.refused().size(), String.join("\n", c.refused()));
  }
}
