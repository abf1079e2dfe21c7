package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.gitml.storage.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Aider, Cline, Copilot CLI, OpenCode and Cursor sessions found where each assistant keeps them
 * under the user's home (Aider's in the work tree), with no path given: {@code gitml sessions
 * import} takes this repository's (its linked worktree's included) and no other's, {@code --agent}
 * one assistant's, and the daemon's sweep reads a new session and again when it grew.
 */
@Timeout(300)
class AssistantSourcesTest {
  static final List<String> ASSISTANTS = List.of("aider", "cline", "copilot", "opencode", "cursor");

  /** A Cursor agent transcript, made in the shape its CLI writes (Cursor has no real fixture). */
  static final String[] CURSOR_LINES = {
    "{\"role\":\"user\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":"
        + "\"<user_info>OS: linux</user_info>\\n<user_query>\\nadd a health check\\n</user_query>\"}]}}",
    "{\"role\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Reading the"
        + " server.\"},{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Read\",\"input\":"
        + "{\"path\":\"src/server.ts\"}}]}}",
    "{\"role\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Added"
        + " /health.\"}]}}",
    "{\"role\":\"user\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":"
        + "\"<user_query>run the tests</user_query>\"}]}}",
    "{\"role\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"All"
        + " pass.\"}]}}",
    "{\"role\":\"user\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":"
        + "\"<user_query>commit it</user_query>\"}]}}",
    "{\"role\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Done.\"}]}}"
  };

  @TempDir Path tmp;
  GitRepoFixture fx;
  Path userHome;
  Path worktree;
  Path fixtures;

  @BeforeEach
  void setUp() throws Exception {
    fx = new GitRepoFixture(tmp);
    userHome = Files.createDirectories(tmp.resolve("user home"));
    fx.env.put("HOME", userHome.toString());
    fx.env.put("CODEX_HOME", userHome.resolve(".codex").toString());
    fx.env.put("XDG_DATA_HOME", userHome.resolve(".local/share").toString());
    fx.env.remove("CLAUDE_CONFIG_DIR");
    fx.env.remove("GEMINI_CLI_HOME");
    fx.env.remove("COPILOT_HOME");
    fx.env.remove("XDG_CONFIG_HOME");
    fx.commit("a.txt", "a\n", "first");
    worktree = tmp.resolve("feature tree");
    fx.git("worktree", "add", "-q", "-b", "feature", worktree.toString());
    assertEquals(0, fx.gitml("init", "--no-backfill").exit());
    fixtures = tmp.resolve("fixtures");
    Fixtures.copy(Fixtures.AIDER, fixtures);
    Fixtures.copy(Fixtures.CLINE_TASKS, fixtures);
    Fixtures.copy(Fixtures.COPILOT_SESSION_STATE, fixtures);
    Fixtures.copy(Fixtures.OPENCODE_STORAGE, fixtures);
  }

  @Test
  void import_noPath_everyAssistantsSessionsOfThisRepositoryOnly() throws Exception {
    for (String a : ASSISTANTS) {
      write(a, true);
    }

    CliRun r = fx.gitml("sessions", "import");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("imported 5 transcripts"), r.out());
    JsonNode by = fx.stats().get("assistants");
    for (String a : ASSISTANTS) {
      assertTrue(by.path(a).path("chats").asLong() > 0, a + ": " + by);
    }
    assertEquals(ASSISTANTS.size(), by.size(), by.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"aider", "cline", "copilot", "opencode", "cursor"})
  void import_agentNamed_onlyThatAssistantsSessions(String assistant) throws Exception {
    for (String a : ASSISTANTS) {
      write(a, true);
    }

    CliRun r = fx.gitml("sessions", "import", "--agent", assistant);

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("imported 1 transcripts"), r.out());
    JsonNode by = fx.stats().get("assistants");
    assertEquals(1, by.size(), by.toString());
    assertTrue(by.path(assistant).path("chats").asLong() > 0, by.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"aider", "cline", "copilot", "opencode", "cursor"})
  void sweep_newThenGrownSession_readEachTime(String assistant) throws Exception {
    Path session = write(assistant, false);
    // quiet sessions: read whole, each chat closed (a live one's last chat waits for more)
    Files.setLastModifiedTime(session, FileTime.from(Instant.now().minusSeconds(3 * 3600)));

    CliRun first = fx.gitml("daemon", "run", "--once");
    long chats = fx.stats().get("chats").asLong();
    long before = fx.stats().get("stored_bytes").asLong();
    write(assistant, true);
    Files.setLastModifiedTime(session, FileTime.from(Instant.now().minusSeconds(2 * 3600)));
    CliRun second = fx.gitml("daemon", "run", "--once");
    long after = fx.stats().get("stored_bytes").asLong();

    assertEquals(0, first.exit(), first.err());
    assertEquals(0, second.exit(), second.err());
    assertTrue(chats > 0, "new session: " + first.out() + first.err() + log());
    // the grown session read again: what it added is stored (a chat that grew is stored anew)
    assertTrue(after > before, before + " then " + after + ": " + log());
    assertEquals(2, log().split("sweep: " + assistant + " ", -1).length - 1, log());
    assertEquals(1, fx.stats().path("assistants").size(), "the other folder's session is not read");
  }

  private String log() throws Exception {
    Path log = fx.home.resolve("daemon.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /**
   * Writes {@code assistant}'s session of this repository ({@code full}, or its start only), and
   * one of another folder beside it; returns the file the sweep looks at.
   */
  private Path write(String assistant, boolean full) throws Exception {
    return switch (assistant) {
      case "aider" -> aider(full);
      case "cline" -> cline(full);
      case "copilot" -> copilot(full);
      case "opencode" -> opencode(full);
      case "cursor" -> cursor(full);
      default -> throw new IllegalArgumentException(assistant);
    };
  }

  /** In the linked worktree; its first two sessions, else all four. */
  private Path aider(boolean full) throws Exception {
    String text = Files.readString(fixtures.resolve("aider/Awides__thoth/.aider.chat.history.md"));
    String header = "# aider chat started at ";
    int third = text.indexOf(header, text.indexOf(header, text.indexOf(header) + 1) + 1);
    Path out = worktree.resolve(".aider.chat.history.md");
    return Files.writeString(out, full ? text : text.substring(0, third));
  }

  /** Cline's task in the main tree; Roo Code's (another folder) not. */
  private Path cline(boolean full) throws Exception {
    Path task = fixtures.resolve("tasks/1769053680585");
    Path storage = userHome.resolve(".config/Code/User/globalStorage");
    Path ours = storage.resolve("saoudrizwan.claude-dev/tasks/1769053680585");
    Path theirs = storage.resolve("rooveterinaryinc.roo-cline/tasks/1769053680586");
    String history = Files.readString(task.resolve("api_conversation_history.json"));
    ArrayNode messages =
        (ArrayNode)
            GitRepoFixture.JSON.readTree(
                history.replace("/workspaces/Online-Card-Architecture", fx.repo.toString()));
    if (!full) {
      while (messages.size() > 4) {
        messages.remove(messages.size() - 1);
      }
    }
    for (Path dir : List.of(ours, theirs)) {
      Files.createDirectories(dir);
      for (String f : List.of("task_metadata.json", "ui_messages.json")) {
        Files.copy(
            task.resolve(f), dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.writeString(theirs.resolve("api_conversation_history.json"), history);
    return Files.writeString(ours.resolve("api_conversation_history.json"), messages.toString());
  }

  /** A session in the linked worktree (by its start event), the other one elsewhere. */
  private Path copilot(boolean full) throws Exception {
    Path state = userHome.resolve(".copilot/session-state");
    String id = "b87feda8-379e-4f8c-aa42-b4f7d12f253a";
    String other = "9a493a94-a307-489e-8bc7-d16f4afcd992";
    Path otherDir = Files.createDirectories(state.resolve(other));
    for (String f : List.of("events.jsonl", "workspace.yaml")) {
      Files.copy(
          fixtures.resolve("session-state").resolve(other).resolve(f),
          otherDir.resolve(f),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> lines =
        Files.readAllLines(fixtures.resolve("session-state").resolve(id).resolve("events.jsonl"));
    List<String> ours = new ArrayList<>();
    for (String l : full ? lines : lines.subList(0, 25)) {
      ours.add(l.replace("/Users/thatpong/.dotfiles", worktree.toString()));
    }
    Path dir = Files.createDirectories(state.resolve(id));
    return Files.writeString(dir.resolve("events.jsonl"), String.join("\n", ours) + "\n");
  }

  /** The storage tree's session in a folder of the main tree; another session elsewhere. */
  private Path opencode(boolean full) throws Exception {
    Path storage = userHome.resolve(".local/share/opencode/storage");
    try (Stream<Path> s = Files.walk(fixtures.resolve("storage"))) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        Path to = storage.resolve(fixtures.resolve("storage").relativize(f).toString());
        Files.createDirectories(to.getParent());
        Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    String ses = "ses_539950424ffev4SAECXTZKSubM";
    if (!full) {
      Path messages = storage.resolve("message").resolve(ses);
      List<Path> all;
      try (Stream<Path> s = Files.list(messages)) {
        all = s.sorted().toList();
      }
      for (Path m : all.subList(3, all.size())) {
        Files.delete(m);
      }
    }
    Path project = storage.resolve("session/98f0326ae5594d769602840258229a7888e46ff5");
    Path session = project.resolve(ses + ".json");
    Files.writeString(
        session,
        Files.readString(session)
            .replace(
                "/Users/jpresley/workspace/mordant-software/claude-instructions",
                fx.repo.resolve("docs").toString()));
    Files.writeString(
        project.resolve("ses_other.json"),
        "{\"id\":\"ses_other\",\"projectID\":\"p\",\"directory\":\"/elsewhere/app\","
            + "\"title\":\"t\",\"time\":{\"created\":1764265491000,\"updated\":1764265499000}}");
    return session;
  }

  /** A transcript of the main tree's project folder; one of another project. */
  private Path cursor(boolean full) throws Exception {
    Path projects = userHome.resolve(".cursor/projects");
    String slug = fx.repo.toString().replaceAll("[^A-Za-z0-9]", "-").replaceFirst("^-+", "");
    Path ours = projects.resolve(slug).resolve("agent-transcripts/0f3c2a9e.jsonl");
    Path theirs = projects.resolve("home-someone-api/agent-transcripts/1a2b.jsonl");
    List<String> lines = Arrays.asList(CURSOR_LINES);
    Files.createDirectories(theirs.getParent());
    Files.writeString(theirs, String.join("\n", lines) + "\n");
    Files.createDirectories(ours.getParent());
    return Files.writeString(ours, String.join("\n", full ? lines : lines.subList(0, 5)) + "\n");
  }
}
