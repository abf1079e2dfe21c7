package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.Fixtures;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gemini CLI sessions, JSON document and JSONL, read from real sessions and made-up lines. */
class GeminiSessionTest {
  private static final String DOCUMENT =
      "dashboard-mictlan/chats/session-2026-01-24T18-48-36d4e89a.json";
  private static final String LINES = "playground/chats/session-2026-04-28T15-09-887ba529.jsonl";
  private static final Path REPO = Path.of("/work/dashboard_mictlan");

  @TempDir Path tmp;
  private Path gemini;

  private record Read(TranscriptReader.Reading reading, List<Chat> chats, List<Action> actions) {}

  @BeforeEach
  void copyFixtures() {
    gemini = Fixtures.copy(Fixtures.GEMINI_TMP, tmp.resolve("gemini"));
  }

  private static Read read(Path file, boolean finish) throws IOException {
    List<Chat> chats = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    TranscriptReader.Reading r =
        new GeminiSession()
            .read(
                file,
                0,
                new PathScope(REPO, null),
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

  private Path lines(String... records) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("made/chats"));
    return Files.writeString(
        dir.resolve("session-2026-05-01T10-00-abcdef12.jsonl"), String.join("\n", records) + "\n");
  }

  private static final String HEADER =
      "{\"sessionId\":\"abcdef12-0000\",\"projectHash\":\"ff\","
          + "\"startTime\":\"2026-05-01T10:00:00Z\",\"kind\":\"main\"}";

  private static String user(String id, String text) {
    return "{\"id\":\""
        + id
        + "\",\"timestamp\":\"2026-05-01T10:00:01Z\",\"type\":\"user\",\"content\":[{\"text\":\""
        + text
        + "\"}]}";
  }

  private static String edit(String id, String status) {
    return "{\"id\":\""
        + id
        + "\",\"timestamp\":\"2026-05-01T10:00:02Z\",\"type\":\"gemini\",\"content\":\"editing\","
        + "\"toolCalls\":[{\"id\":\"replace-1\",\"name\":\"replace\","
        + "\"args\":{\"file_path\":\"/work/dashboard_mictlan/src/a.ts\"},\"status\":\""
        + status
        + "\",\"result\":[{\"functionResponse\":{\"response\":{\"output\":\"done\"}}}]}]}";
  }

  @Test
  void read_jsonDocument_chatsAreThePromptsNotTheNotices() throws Exception {
    Read r = read(gemini.resolve(DOCUMENT), true);

    assertEquals(7, r.chats().size(), r.chats().toString());
    assertEquals("create gemini.md", r.chats().get(0).query());
    assertEquals("set the temperature to 0.02 in gemini.md", r.chats().get(6).query());
    for (Chat c : r.chats()) {
      assertEquals("gemini-cli", c.assistant());
      assertFalse(c.query().contains("Request cancelled"), c.query());
    }
    assertTrue(r.chats().get(2).response().contains("I've created the `gemini.md` file"));
    TranscriptReader.SessionFacts f = r.reading().facts();
    assertEquals("36d4e89a-7e2f-458a-8cbd-80d80d444edf", f.sessionId());
    assertEquals("2026-01-24T18:48:43.777Z", f.started());
    assertEquals("2026-01-24T19:01:09.933Z", f.ended());
    assertEquals(0, r.reading().garbage());
  }

  @Test
  void read_toolCalls_eachAnActionWithItsStatus() throws Exception {
    Read r = read(gemini.resolve(DOCUMENT), true);

    assertEquals(
        List.of("write_file", "write_file", "write_file", "read_file", "replace"),
        r.actions().stream().map(Action::tool).toList());
    assertEquals(
        List.of(false, true, true, true, false),
        r.actions().stream().map(Action::success).toList());
    assertEquals("write_file-1769280777266-520013f2b5812", r.actions().get(1).id());
    assertEquals("gemini.md", r.actions().get(1).target());
    assertTrue(
        r.chats().get(2).toolOutputs().get(0).path("output").asText().startsWith("Successfully"));
  }

  @Test
  void read_editTools_onlySucceededEditsAreFilesModified() throws Exception {
    Read r = read(gemini.resolve(DOCUMENT), true);

    assertEquals(List.of(), r.chats().get(0).filesModified()); // write_file cancelled
    assertEquals(List.of("gemini.md"), r.chats().get(2).filesModified());
    assertEquals(List.of("gemini.md"), r.chats().get(5).filesModified());
    assertEquals(List.of(), r.chats().get(6).filesModified()); // replace cancelled
    assertEquals(List.of("read_file", "replace"), r.chats().get(6).toolsUsed());
  }

  @Test
  void read_modelAndTokens_fromTheGeminiMessages() throws Exception {
    Read r = read(gemini.resolve(DOCUMENT), true);

    assertEquals("gemini-2.5-flash", r.chats().get(0).model());
    assertEquals("gemini-2.5-pro", r.chats().get(3).model());
    assertEquals(7517, r.chats().get(3).queryTokens());
    assertEquals(22 + 181, r.chats().get(3).responseTokens());
  }

  @Test
  void read_jsonlSession_headerPartsAndSetRecords() throws Exception {
    Read r = read(gemini.resolve(LINES), true);

    assertEquals(1, r.chats().size());
    Chat c = r.chats().get(0);
    assertEquals("hi", c.query());
    assertEquals("Hello! How can I help you with your codebase today?", c.response());
    assertEquals("gemini-3-flash-preview", c.model());
    assertEquals(
        "gemini-887ba529-0020-4f9f-9736-7e45d03b5b32-041def4b-27de-40c5-9224-59cdaf6bdecf", c.id());
    TranscriptReader.SessionFacts f = r.reading().facts();
    assertEquals("887ba529-0020-4f9f-9736-7e45d03b5b32", f.sessionId());
    assertEquals("2026-04-28T15:09:33.288Z", f.ended());
    assertEquals(0, r.reading().garbage());
  }

  @Test
  void read_answerOfToolCallsOnly_thoughtsAreTheResponse() throws Exception {
    Read r = read(gemini.resolve(DOCUMENT), true);

    String response = r.chats().get(0).response();
    assertTrue(response.startsWith("Beginning File Creation: I'm starting by writing"), response);
    assertFalse(r.chats().get(1).response().contains("Investigating Configuration Needs"));
  }

  @Test
  void read_notFinished_lastChatHeldAndNextReadStartsAtZero() throws Exception {
    Read r = read(gemini.resolve(DOCUMENT), false);

    assertEquals(6, r.chats().size());
    assertEquals(0, r.reading().next());
  }

  @Test
  void read_messageWrittenAgain_lastRecordOfItsIdWins() throws Exception {
    Path f =
        lines(HEADER, user("u1", "fix a"), edit("g1", "executing"), edit("g1", "success"), "{x");

    Read r = read(f, true);

    assertEquals(1, r.chats().size());
    assertEquals(List.of("src/a.ts"), r.chats().get(0).filesModified());
    assertEquals(1, r.actions().size());
    assertEquals(Boolean.TRUE, r.actions().get(0).success());
    assertEquals(1, r.reading().garbage());
  }

  @Test
  void read_rewindTo_dropsThatMessageAndThoseAfter() throws Exception {
    Path f =
        lines(
            HEADER,
            user("u1", "first"),
            user("u2", "second"),
            edit("g2", "success"),
            "{\"$rewindTo\":\"u2\"}",
            user("u3", "third"));

    Read r = read(f, true);

    assertEquals(List.of("first", "third"), r.chats().stream().map(Chat::query).toList());
    assertTrue(r.actions().isEmpty());
  }

  @Test
  void read_setMessagesOfInjectedContextOnly_noChat() throws Exception {
    Path f =
        lines(
            HEADER,
            "{\"$set\":{\"messages\":[{\"id\":\"a\",\"type\":\"user\","
                + "\"content\":[{\"text\":\"<session_context>\\nThis is the Gemini CLI.\"}]}]}}");

    Read r = read(f, true);

    assertTrue(r.chats().isEmpty());
    assertEquals("abcdef12-0000", r.reading().facts().sessionId());
  }

  @Test
  void read_projectRootMarker_isTheSessionsWorkingDirectory() throws Exception {
    Path f = lines(HEADER, user("u1", "fix a"), edit("g1", "success"));
    Files.writeString(tmp.resolve("made/.project_root"), "/work/elsewhere\n");

    Read r = read(f, true);

    assertEquals("/work/elsewhere", r.reading().facts().cwd());
  }

  @Test
  void read_noProjectRoot_noWorkingDirectory() throws Exception {
    assertNull(read(gemini.resolve(DOCUMENT), true).reading().facts().cwd());
  }

  @Test
  void readerFor_jsonDocumentAndJsonlHeader_geminiReader() throws Exception {
    assertInstanceOf(
        GeminiSession.class, TranscriptFormats.readerFor(gemini.resolve(DOCUMENT).toRealPath()));
    assertInstanceOf(
        GeminiSession.class, TranscriptFormats.readerFor(gemini.resolve(LINES).toRealPath()));
  }

  @Test
  void sessionsFor_projectHashOrProjectRoot_thisRepositorysSessionsOnly() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo")).toRealPath();
    Path other = Files.createDirectories(tmp.resolve("other")).toRealPath();
    Path root = tmp.resolve("home/.gemini/tmp");
    String hash = GeminiSessions.sha256(repo.toString());
    Path byName = Files.createDirectories(root.resolve(hash + "/chats"));
    Files.copy(gemini.resolve(LINES), byName.resolve("session-a.jsonl"));
    Path named = Files.createDirectories(root.resolve("repo/chats"));
    Files.writeString(root.resolve("repo/.project_root"), repo.toString());
    Files.copy(gemini.resolve(DOCUMENT), named.resolve("session-b.json"));
    Path byField = Files.createDirectories(root.resolve("elsewhere/chats"));
    Files.writeString(
        byField.resolve("session-c.json"),
        "{\"sessionId\":\"c\",\"projectHash\":\"" + hash + "\",\"messages\":[]}");
    Path otherProject = Files.createDirectories(root.resolve("other/chats"));
    Files.writeString(root.resolve("other/.project_root"), other.toString());
    Files.copy(gemini.resolve(LINES), otherProject.resolve("session-d.jsonl"));

    List<Path> found =
        GeminiSessions.of(java.util.Map.of(), tmp.resolve("home").toString())
            .sessionsFor(repo, why -> {});

    assertEquals(
        List.of("session-a.jsonl", "session-b.json", "session-c.json"),
        found.stream().map(p -> p.getFileName().toString()).sorted().toList());
  }
}
