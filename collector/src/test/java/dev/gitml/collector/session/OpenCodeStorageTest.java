package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Fixtures;
import dev.gitml.storage.SharedData;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenCode's JSON storage tree: the real session, and sessions made here in its shape. */
class OpenCodeStorageTest {
  static final String SESSION =
      "session/98f0326ae5594d769602840258229a7888e46ff5/ses_539950424ffev4SAECXTZKSubM.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private Path storage;

  record Read(TranscriptReader.Reading reading, List<Chat> chats, List<Action> actions) {}

  @BeforeEach
  void copyFixture() {
    storage = Fixtures.copy(Fixtures.OPENCODE_STORAGE, tmp.resolve("opencode"));
  }

  static Read read(TranscriptReader reader, Path file, boolean finish) throws IOException {
    List<Chat> chats = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    TranscriptReader.Reading r =
        reader.read(
            file,
            0,
            new PathScope(Path.of("/nowhere/repo"), null),
            finish,
            rec -> {
              if (rec instanceof Chat c) {
                chats.add(c);
              } else {
                actions.add((Action) rec);
              }
            });
    return new Read(r, chats, actions);
  }

  @Test
  void read_realSession_chatsAreThePromptsWithModelTokensAndTools() throws Exception {
    Read r = read(new OpenCodeStorage(), storage.resolve(SESSION), true);

    assertEquals(2, r.chats().size());
    Chat first = r.chats().get(0);
    assertTrue(first.query().startsWith("Update README.md with a section called Comamnds."));
    // answered by an API error only: the error is the response, not nothing
    assertTrue(
        first.response().startsWith("APIError: Extra usage must be enabled"), first.response());
    assertEquals("claude-opus-4-5", first.model());
    Chat second = r.chats().get(1);
    assertEquals(
        "opencode-ses_539950424ffev4SAECXTZKSubM-msg_ac66bef30001srh8K5cA0TmpA1", second.id());
    assertTrue(second.response().startsWith("I'll help you update the README.md"));
    assertTrue(second.response().contains("I can see that you're in READ-ONLY mode"));
    assertEquals("claude-sonnet-4-5-20250929", second.model());
    assertEquals(List.of("read"), second.toolsUsed());
    assertEquals(List.of("README.md", "commands/story.md"), second.filesReferenced());
    assertEquals(2 + 10075 + 6 + 1270, second.queryTokens());
    assertEquals(164 + 402, second.responseTokens());
    assertEquals("opencode", second.assistant());
    assertEquals(2, r.actions().size());
    assertEquals("README.md", r.actions().get(0).target());
    assertEquals(Boolean.TRUE, r.actions().get(0).success());
    TranscriptReader.SessionFacts f = r.reading().facts();
    assertEquals("ses_539950424ffev4SAECXTZKSubM", f.sessionId());
    assertEquals("2025-11-27T17:44:51.419Z", f.started());
    assertEquals("2025-11-27T17:46:06.583Z", f.ended());
    assertEquals("/Users/jpresley/workspace/mordant-software/claude-instructions", f.cwd());
    assertEquals(0, r.reading().garbage());
  }

  @Test
  void read_notFinished_lastChatHeld() throws Exception {
    Read r = read(new OpenCodeStorage(), storage.resolve(SESSION), false);

    assertEquals(1, r.chats().size());
    assertEquals(0, r.reading().next());
  }

  /**
   * A session written here in the tree's shape: edits of every kind, injected and unknown parts.
   */
  static Path madeSession(Path storage) throws IOException {
    String ses = "ses_made1";
    write(
        storage.resolve("session/proj/" + ses + ".json"),
        "{\"id\":\"ses_made1\",\"projectID\":\"proj\",\"directory\":\"/w/app\",\"title\":\"t\","
            + "\"time\":{\"created\":1764265491000,\"updated\":1764265499000}}");
    message(storage, ses, "msg_01", "user", "");
    part(storage, "msg_01", "prt_01", "{\"type\":\"text\",\"text\":\"fix the bug\"}");
    part(storage, "msg_01", "prt_02", "{\"type\":\"text\",\"synthetic\":true,\"text\":\"ctx\"}");
    message(storage, ses, "msg_02", "assistant", ",\"modelID\":\"gpt-5\"");
    part(storage, "msg_02", "prt_03", "{\"type\":\"text\",\"text\":\"Fixing.\"}");
    part(storage, "msg_02", "prt_04", tool("c1", "edit", "completed", "/w/app/src/a.ts"));
    part(storage, "msg_02", "prt_05", tool("c2", "write", "error", "/w/app/src/failed.ts"));
    part(
        storage,
        "msg_02",
        "prt_06",
        "{\"type\":\"tool\",\"callID\":\"c3\",\"tool\":\"apply_patch\",\"state\":{\"status\":"
            + "\"completed\",\"input\":{\"patchText\":\"*** Begin Patch\\n*** Add File: src/b.ts\\n"
            + "+x\\n*** End Patch\"},\"output\":\"ok\"}}");
    part(
        storage,
        "msg_02",
        "prt_07",
        "{\"type\":\"patch\",\"hash\":\"h\",\"files\":[\"/w/app/c.md\"]}");
    part(storage, "msg_02", "prt_08", "{\"type\":\"hologram\"}");
    message(storage, ses, "msg_03", "user", "");
    part(storage, "msg_03", "prt_09", "{\"type\":\"compaction\",\"auto\":true}");
    message(storage, ses, "msg_04", "assistant", ",\"summary\":true");
    part(storage, "msg_04", "prt_10", "{\"type\":\"text\",\"text\":\"We fixed a bug.\"}");
    message(storage, ses, "msg_05", "user", "");
    part(storage, "msg_05", "prt_11", "{\"type\":\"text\",\"text\":\"now test it\"}");
    message(storage, ses, "msg_06", "assistant", "");
    part(storage, "msg_06", "prt_12", tool("c4", "bash", "running", null));
    part(storage, "msg_06", "prt_13", "{\"type\":\"reasoning\",\"text\":\"Running tests.\"}");
    return storage.resolve("session/proj/" + ses + ".json");
  }

  static String tool(String call, String tool, String status, String file) {
    String input = file == null ? "{\"command\":\"npm test\"}" : "{\"filePath\":\"" + file + "\"}";
    return "{\"type\":\"tool\",\"callID\":\""
        + call
        + "\",\"tool\":\""
        + tool
        + "\",\"state\":{\"status\":\""
        + status
        + "\",\"input\":"
        + input
        + (status.equals("error") ? ",\"error\":\"denied\"" : ",\"output\":\"done\"")
        + "}}";
  }

  private static void message(Path storage, String ses, String id, String role, String more)
      throws IOException {
    long n = 1764265492000L + Integer.parseInt(id.substring(4));
    write(
        storage.resolve("message/" + ses + "/" + id + ".json"),
        "{\"id\":\""
            + id
            + "\",\"sessionID\":\""
            + ses
            + "\",\"role\":\""
            + role
            + "\",\"time\":{\"created\":"
            + n
            + "}"
            + more
            + "}");
  }

  private static void part(Path storage, String msg, String id, String body) throws IOException {
    write(
        storage.resolve("part/" + msg + "/" + id + ".json"),
        "{\"id\":\"" + id + "\",\"messageID\":\"" + msg + "\"," + body.substring(1));
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void read_madeSession_editsCompactionInjectedAndUnknownParts() throws Exception {
    Read r = read(new OpenCodeStorage(), madeSession(storage), true);

    assertEquals(
        List.of("fix the bug", "now test it"), r.chats().stream().map(Chat::query).toList());
    Chat fix = r.chats().get(0);
    assertEquals(List.of("c.md", "src/a.ts", "src/b.ts"), fix.filesModified());
    assertEquals(List.of("edit", "write", "apply_patch"), fix.toolsUsed());
    assertEquals("Fixing.", fix.response());
    assertEquals("gpt-5", fix.model());
    assertEquals("Running tests.", r.chats().get(1).response());
    assertEquals(List.of("We fixed a bug."), r.reading().facts().compactions());
    assertEquals(1, r.reading().garbage()); // the unknown part
    assertEquals(
        List.of(true, false, true, false),
        r.actions().stream().map(a -> a.success() != null && a.success()).toList());
    assertNull(r.actions().get(3).success()); // still running
  }

  @Test
  void readerFor_sessionFile_isOpenCodes() throws Exception {
    assertInstanceOf(
        OpenCodeStorage.class, TranscriptFormats.readerFor(storage.resolve(SESSION).toRealPath()));
    assertTrue(OpenCodeStorage.sessionFile(storage.resolve(SESSION)));
    assertFalse(OpenCodeStorage.sessionFile(storage.resolve("session_diff/x.json")));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fixture", "shared"})
  void import_storageRoot_chatsArePromptsEditsCoveredAndReimportAddsNothing(String source)
      throws Exception {
    Path root =
        source.equals("fixture")
            ? storage
            : SharedData.require("fixtures/transcripts/opencode/storage");
    if (source.equals("fixture")) {
      madeSession(storage);
    }
    Expected expected = expected(root);
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    DataDir.of(repo).initialize();
    List<Path> files = SessionImport.transcriptsAt(root, why -> {});
    assertEquals(expected.sessions(), files.size(), files.toString());

    List<Chat> chats = new ArrayList<>();
    int added;
    try (Store store = Store.open(DataDir.of(repo))) {
      SessionImport.Result r = new SessionImport(store, repo).run(files, null, p -> {});
      assertEquals(0, r.failed());
      assertEquals(expected.sessions(), r.sessions());
      store.scan(Chat.class, c -> chats.add(c.data()));
      added = new SessionImport(store, repo).run(files, null, p -> {}).added();
    }
    assertEquals(0, added, "re-import adds nothing");
    assertEquals(expected.prompts(), chats.size());
    Set<String> modified = new HashSet<>();
    for (Chat c : chats) {
      assertFalse(c.response().isBlank(), c.id());
      assertEquals("opencode", c.assistant());
      c.filesModified().forEach(f -> modified.add(Path.of(f).getFileName().toString()));
    }
    for (String f : expected.edited()) {
      assertTrue(modified.contains(Path.of(f).getFileName().toString()), f + " in " + modified);
    }
  }

  record Expected(int sessions, int prompts, Set<String> edited) {}

  /** What the tree holds, read independently: sessions, typed prompts, files edits completed. */
  static Expected expected(Path root) throws IOException {
    int sessions = 0;
    int prompts = 0;
    Set<String> edited = new HashSet<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        String rel = root.relativize(f).toString();
        if (rel.startsWith("session/")) {
          sessions++;
        } else if (rel.startsWith("message/")) {
          JsonNode m = JSON.readTree(f.toFile());
          if (!m.path("role").asText().equals("user")) {
            continue;
          }
          Path parts = root.resolve("part").resolve(m.path("id").asText());
          boolean typed = false;
          if (Files.isDirectory(parts)) {
            try (Stream<Path> ps = Files.list(parts)) {
              for (Path p : ps.toList()) {
                JsonNode part = JSON.readTree(p.toFile());
                typed |=
                    part.path("type").asText().equals("text")
                        && !part.path("synthetic").asBoolean()
                        && !part.path("text").asText().isBlank();
              }
            }
          }
          prompts += typed ? 1 : 0;
        } else if (rel.startsWith("part/")) {
          JsonNode p = JSON.readTree(f.toFile());
          JsonNode state = p.path("state");
          if (Set.of("edit", "write").contains(p.path("tool").asText())
              && state.path("status").asText().equals("completed")) {
            edited.add(state.path("input").path("filePath").asText());
          }
        }
      }
    }
    return new Expected(sessions, prompts, edited);
  }

  @Test
  void finish_linkOutOfTheStorageRoot_refusedAndCounted() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("elsewhere/prt"));
    Files.writeString(outside.resolve("prt_x.json"), "{\"id\":\"prt_x\",\"type\":\"text\"}");
    Path parts = storage.resolve("part/msg_ac66bef30001srh8K5cA0TmpA1");
    Files.createSymbolicLink(parts.resolve("prt_zz.json"), outside.resolve("prt_x.json"));

    Read r = read(new OpenCodeStorage(), storage.resolve(SESSION), true);

    assertEquals(2, r.chats().size());
    assertEquals(1, r.reading().garbage());
  }
}
