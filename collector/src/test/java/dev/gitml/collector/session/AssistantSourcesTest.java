package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Fixtures;
import dev.gitml.storage.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sources of Aider, Cline, Copilot CLI, OpenCode and Cursor: each finds its sessions in its
 * default location under the user's home and tells a repository's by the working directory it
 * records (OpenCode's database per session).
 */
class AssistantSourcesTest {
  static final String FIXTURE_DIR =
      "/Users/jpresley/workspace/mordant-software/claude-instructions";

  @TempDir Path tmp;

  @Test
  void copilotWorkspace_quotedValuesAndALinkInItsPlace_readOrRefused() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("session-state/abc"));
    Path yaml = dir.resolve("workspace.yaml");
    Files.writeString(yaml, "id: abc\ncwd: \"/home/ana/my repo\"\n  nested: x\nbranch: 'main'\n");
    Path elsewhere = tmp.resolve("secret.yaml");
    Files.writeString(elsewhere, "cwd: /etc\n");
    Path linked =
        Files.createDirectories(tmp.resolve("session-state/def")).resolve("workspace.yaml");
    Files.createSymbolicLink(linked, elsewhere);

    Map<String, String> w = CopilotSessions.workspace(yaml);

    assertEquals("abc", w.get("id"));
    assertEquals("/home/ana/my repo", w.get("cwd"));
    assertEquals("main", w.get("branch"));
    assertFalse(w.containsKey("  nested"));
    assertTrue(CopilotSessions.workspace(linked).isEmpty(), "a link is refused, not followed");
    assertTrue(CopilotSessions.workspace(tmp.resolve("none.yaml")).isEmpty());
  }

  @Test
  void openCodeDatabase_onlyIn_readsThatRepositorysSessionsOnly() throws Exception {
    Path home = tmp.resolve("home");
    Path data = Files.createDirectories(home.resolve(".local/share/opencode"));
    Path storage = Fixtures.copy(Fixtures.OPENCODE_STORAGE, tmp.resolve("tree"));
    OpenCodeStorageTest.madeSession(storage); // ran in /w/app
    OpenCodeDatabaseTest.database(storage, data.resolve("opencode.db"));
    OpenCodeSessions source = OpenCodeSessions.of(Map.of(), home);
    List<Path> sessions = source.sessions(why -> {});
    Path db = data.resolve("opencode.db").toRealPath();

    assertEquals(List.of(db), sessions);
    assertTrue(source.belongs(db, List.of(Path.of("/w/app"))));
    assertFalse(source.belongs(db, List.of(Path.of("/w/other"))));
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    DataDir.of(repo).initialize();
    try (Store store = Store.open(DataDir.of(repo))) {
      SessionIngest.Result r =
          new SessionIngest(store, repo, Redactor.standard())
              .onlyIn(List.of(Path.of(FIXTURE_DIR)))
              .finish(db);
      assertEquals(1, r.sessions());
      assertEquals(2, r.chats());
    }
  }

  @Test
  void openCodeStorage_sessionFiles_belongByTheirDirectory() throws Exception {
    Path home = tmp.resolve("home");
    Fixtures.copy(Fixtures.OPENCODE_STORAGE, home.resolve("xdg/opencode"));
    OpenCodeSessions source =
        OpenCodeSessions.of(Map.of("XDG_DATA_HOME", home.resolve("xdg").toString()), home);

    List<Path> sessions = source.sessions(why -> {});

    assertEquals(1, sessions.size());
    assertTrue(source.belongs(sessions.get(0), List.of(Path.of(FIXTURE_DIR))));
    assertTrue(source.belongs(sessions.get(0), List.of(Path.of("/Users/jpresley/workspace"))));
    assertFalse(source.belongs(sessions.get(0), List.of(Path.of(FIXTURE_DIR + "-2"))));
  }

  @Test
  void cline_tasksOfEveryExtension_belongByTheirWorkingDirectory() throws Exception {
    Path home = tmp.resolve("home");
    for (Path tasks : SessionLocations.clineTasks(home).subList(0, 2)) {
      Fixtures.copy(Fixtures.CLINE_TASKS, tasks.getParent());
    }
    ClineSessions source = ClineSessions.of(Map.of(), home);

    List<Path> sessions = source.sessions(why -> {});

    assertEquals(2, sessions.size(), sessions.toString());
    for (Path s : sessions) {
      assertTrue(source.belongs(s, List.of(Path.of("/workspaces/Online-Card-Architecture"))));
      assertFalse(source.belongs(s, List.of(Path.of("/workspaces/Online"))));
    }
  }

  @Test
  void copilot_workspaceYamlOrStartEvent_givesTheWorkingDirectory() throws Exception {
    Path home = tmp.resolve("home");
    Fixtures.copy(Fixtures.COPILOT_SESSION_STATE, home.resolve(".copilot"));
    CopilotSessions source = CopilotSessions.of(Map.of(), home);

    List<Path> sessions = source.sessions(why -> {});

    assertEquals(2, sessions.size());
    List<String> cwds = new ArrayList<>();
    sessions.forEach(s -> cwds.add(CopilotSessions.cwd(s).orElse(null)));
    // 9a49… has a workspace.yaml; b87f… only its session.start event
    assertEquals(
        List.of("/Users/thatpong/.dotfiles/.config", "/Users/thatpong/.dotfiles/.copilot"), cwds);
    assertTrue(source.belongs(sessions.get(1), List.of(Path.of("/Users/thatpong/.dotfiles"))));
    assertFalse(source.belongs(sessions.get(1), List.of(Path.of("/Users/thatpong/.config"))));
  }

  @Test
  void locations_copilotHomeAndClineInAnotherEditor_found() throws Exception {
    Path home = tmp.resolve("home");
    Fixtures.copy(Fixtures.COPILOT_SESSION_STATE, tmp.resolve("copilot-home"));
    Fixtures.copy(
        Fixtures.CLINE_TASKS, tmp.resolve("xdg/Cursor/User/globalStorage/kilocode.kilo-code"));
    Map<String, String> env =
        Map.of(
            "COPILOT_HOME", tmp.resolve("copilot-home").toString(),
            "XDG_CONFIG_HOME", tmp.resolve("xdg").toString());

    assertEquals(2, CopilotSessions.of(env, home).sessions(why -> {}).size());
    assertEquals(1, ClineSessions.of(env, home).sessions(why -> {}).size());
    assertEquals(0, CopilotSessions.of(Map.of(), home).sessions(why -> {}).size());
  }

  @Test
  void cursor_projectFolderNamedAfterTheWorkTree_belongs() throws Exception {
    Path home = tmp.resolve("home");
    Path tree = Files.createDirectories(tmp.resolve("my app.v2"));
    Path ours =
        home.resolve(".cursor/projects")
            .resolve(CursorSessions.slug(tree.toString()))
            .resolve("agent-transcripts/a.jsonl");
    Path theirs = home.resolve(".cursor/projects/home-x-other/agent-transcripts/b.jsonl");
    for (Path p : List.of(ours, theirs)) {
      Files.createDirectories(p.getParent());
      Files.writeString(p, "{\"role\":\"user\",\"message\":{\"content\":[]}}\n");
    }
    CursorSessions source = CursorSessions.of(home);

    List<Path> found = source.sessionsFor(List.of(tree), why -> {});

    assertEquals(List.of(ours.toRealPath()), found);
    assertFalse(CursorSessions.slug(tree.toString()).startsWith("-"));
  }

  @Test
  void aider_historyInALinkedTree_foundThereOnly() throws Exception {
    Path main = Files.createDirectories(tmp.resolve("main"));
    Path linked = Files.createDirectories(tmp.resolve("linked"));
    Files.writeString(linked.resolve(".aider.chat.history.md"), "# aider chat started at x\n");
    AiderSessions source = new AiderSessions();

    List<Path> found = source.sessionsFor(List.of(main, linked), why -> {});

    assertEquals(List.of(linked.resolve(".aider.chat.history.md").toRealPath()), found);
    assertEquals(List.of(), source.sessionsFor(List.of(main), why -> {}));
  }
}
