package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cursor agent CLI transcripts. Cursor has no real fixture: these lines are made here in the shape
 * its CLI writes ({@code {role, message: {content: [blocks]}}}, the prompt in {@code
 * <user_query>}).
 */
class CursorTranscriptTest {
  @TempDir Path tmp;

  static final String[] LINES = {
    "{\"role\":\"user\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":"
        + "\"<user_info>OS: linux</user_info>\\n<user_query>\\nadd a health check\\n</user_query>\"}]}}",
    "{\"role\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Reading the"
        + " server.\"},{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Read\",\"input\":"
        + "{\"path\":\"/w/api/server.ts\"}}]}}",
    "{\"role\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"id\":\"t2\","
        + "\"name\":\"StrReplace\",\"input\":{\"path\":\"/w/api/server.ts\",\"old_string\":\"a\","
        + "\"new_string\":\"b\"}},{\"type\":\"tool_use\",\"id\":\"t3\",\"name\":\"Write\","
        + "\"input\":{\"path\":\"/w/api/health.ts\",\"contents\":\"x\"}}]}}",
    "{\"role\":\"tool\",\"message\":{\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":"
        + "\"t2\",\"content\":\"ok\"}]}}",
    "{\"role\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Added"
        + " /health.\"}]}}",
    "{\"role\":\"system\",\"message\":{\"content\":\"?\"}}",
    "{\"role\":\"user\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":"
        + "\"<user_query>run the tests</user_query>\"}]}}",
    "{\"role\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"All"
        + " pass.\"}]}}"
  };

  private Path transcript(String... lines) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("projects/w-api/agent-transcripts"));
    return Files.writeString(
        dir.resolve("0f3c2a9e-1111-4222-8333-444455556666.jsonl"), String.join("\n", lines) + "\n");
  }

  @Test
  void read_transcript_promptsToolsEditsAndUnknownRoles() throws Exception {
    OpenCodeStorageTest.Read r =
        OpenCodeStorageTest.read(new CursorTranscript(), transcript(LINES), true);

    assertEquals(
        List.of("add a health check", "run the tests"),
        r.chats().stream().map(Chat::query).toList());
    Chat first = r.chats().get(0);
    assertEquals("Reading the server.\n\nAdded /health.", first.response());
    assertEquals(List.of("/w/api/server.ts", "/w/api/health.ts"), first.filesModified());
    assertEquals(List.of("/w/api/server.ts"), first.filesReferenced());
    assertEquals(List.of("Read", "StrReplace", "Write"), first.toolsUsed());
    assertEquals("cursor", first.assistant());
    assertEquals("cursor-0f3c2a9e-1111-4222-8333-444455556666-0", first.id());
    assertEquals(3, r.actions().size());
    assertEquals(1, r.reading().garbage()); // the system line
    assertEquals("0f3c2a9e-1111-4222-8333-444455556666", r.reading().facts().sessionId());
  }

  @Test
  void readerFor_firstLine_isCursors() throws Exception {
    assertInstanceOf(
        CursorTranscript.class, TranscriptFormats.readerFor(transcript(LINES).toRealPath()));
  }

  @Test
  void prompt_contextOnly_notAPrompt() {
    assertEquals(null, CursorTranscript.prompt("<attached_files>a.ts</attached_files>"));
    assertEquals("hi", CursorTranscript.prompt("hi"));
    assertEquals("x", CursorTranscript.prompt("<user_query>x"));
  }

  @Test
  void update_growingTranscript_halfLineWaitsAndNothingTwice() throws Exception {
    Path f = transcript(LINES[0], LINES[1]);
    Files.writeString(f, LINES[2].substring(0, 30), StandardOpenOption.APPEND);
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    DataDir.of(repo).initialize();
    try (Store store = Store.open(DataDir.of(repo))) {
      SessionIngest ingest = new SessionIngest(store, repo, Redactor.standard());
      assertEquals(0, ingest.update(f).chats());
      String rest = LINES[2].substring(30) + "\n" + String.join("\n", List.of(LINES).subList(3, 8));
      Files.writeString(f, rest + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      assertEquals(1, ingest.update(f).chats());
      SessionIngest.Result end = ingest.finish(f);
      assertEquals(2, end.chats());
      assertEquals(1, end.sessions());
      assertEquals(0, ingest.finish(f).added());
      List<Chat> chats = new java.util.ArrayList<>();
      store.scan(Chat.class, c -> chats.add(c.data()));
      assertEquals(2, chats.size());
      assertTrue(chats.stream().allMatch(c -> !c.response().isBlank()));
    }
  }
}
