package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.Fixtures;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copilot CLI session logs, read from real sessions and made-up events. */
class CopilotEventsTest {
  private static final String HI = "9a493a94-a307-489e-8bc7-d16f4afcd992";
  private static final String INIT = "b87feda8-379e-4f8c-aa42-b4f7d12f253a";
  private static final String MADE = "00000000-1111-2222-3333-444444444444";

  @TempDir Path tmp;
  private Path state;

  private record Read(TranscriptReader.Reading reading, List<Chat> chats, List<Action> actions) {}

  @BeforeEach
  void copyFixtures() {
    state = Fixtures.copy(Fixtures.COPILOT_SESSION_STATE, tmp.resolve("copilot"));
  }

  private static Read read(Path file, long offset, boolean finish) throws IOException {
    List<Chat> chats = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    TranscriptReader.Reading r =
        new CopilotEvents()
            .read(
                file,
                offset,
                new PathScope(Path.of("/Users/thatpong/.dotfiles"), null),
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

  private Path events(String session) {
    return state.resolve(session).resolve(CopilotEvents.FILE_NAME);
  }

  private static String event(String type, String data) {
    return "{\"type\":\""
        + type
        + "\",\"data\":"
        + data
        + ",\"id\":\"e\",\"timestamp\":\"2026-06-08T02:00:00.000Z\",\"parentId\":null}";
  }

  private Path made(String... lines) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("made").resolve(MADE));
    return Files.writeString(dir.resolve(CopilotEvents.FILE_NAME), String.join("\n", lines) + "\n");
  }

  private static final String START =
      event(
          "session.start",
          "{\"sessionId\":\""
              + MADE
              + "\",\"startTime\":\"2026-06-08T01:59:00.000Z\","
              + "\"context\":{\"cwd\":\"/work/p\",\"branch\":\"dev\"}}");

  private static String prompt(String text) {
    return event("user.message", "{\"content\":\"" + text + "\"}");
  }

  private static String edit(String id, String tool, String path) {
    return event(
        "assistant.message",
        "{\"messageId\":\"m"
            + id
            + "\",\"content\":\"editing\",\"outputTokens\":5,\"toolRequests\":[{\"toolCallId\":\""
            + id
            + "\",\"name\":\""
            + tool
            + "\",\"arguments\":{\"path\":\""
            + path
            + "\"}}]}");
  }

  private static String done(String id, boolean success) {
    return event(
        "tool.execution_complete",
        "{\"toolCallId\":\""
            + id
            + "\",\"success\":"
            + success
            + ",\"result\":{\"content\":\"ok\"}}");
  }

  @Test
  void read_hiSession_oneChatWithTheAnswerModelAndSession() throws Exception {
    Read r = read(events(HI), 0, true);

    assertEquals(1, r.chats().size());
    Chat c = r.chats().get(0);
    assertEquals("hi", c.query());
    assertEquals("Hi! How can I help you today?", c.response());
    assertEquals("copilot", c.assistant());
    assertEquals("claude-sonnet-4.6", c.model());
    assertEquals(12, c.responseTokens());
    TranscriptReader.SessionFacts f = r.reading().facts();
    assertEquals(HI, f.sessionId());
    assertEquals("/Users/thatpong/.dotfiles/.config", f.cwd());
    assertEquals("main", f.branch());
    assertEquals(0, r.reading().garbage());
  }

  @Test
  void read_initSession_toolCallsAreActionsAndTheReasoningAnswersAToolOnlyTurn() throws Exception {
    Read r = read(events(INIT), 0, true);

    assertEquals(1, r.chats().size());
    Chat c = r.chats().get(0);
    assertEquals("/init", c.query());
    assertTrue(c.response().startsWith("Now I have a thorough understanding"), c.response());
    assertTrue(
        c.toolsUsed().containsAll(List.of("report_intent", "view", "glob")),
        c.toolsUsed().toString());
    assertEquals(List.of(), c.filesModified()); // aborted before it wrote
    assertEquals("report_intent", r.actions().get(0).tool());
    assertEquals(Boolean.TRUE, r.actions().get(0).success());
  }

  @Test
  void read_editTools_onlySucceededEditsAreFilesModified() throws Exception {
    Path f =
        made(
            START,
            prompt("make two files"),
            edit("c1", "create", "/work/p/a.txt"),
            done("c1", true),
            edit("c2", "edit", "/work/p/b.txt"),
            done("c2", false),
            prompt("and a third"),
            edit("c3", "str_replace_editor", "/work/p/c.txt"),
            done("c3", true));

    Read r = read(f, 0, true);

    assertEquals(List.of("a.txt"), r.chats().get(0).filesModified());
    assertEquals(List.of(), r.chats().get(1).filesModified()); // a view unless a writing command
    assertEquals(List.of(true, false, true), r.actions().stream().map(Action::success).toList());
    assertEquals("dev", r.reading().facts().branch());
  }

  @Test
  void read_unknownKindAndGarbage_countedAndPassedOver() throws Exception {
    Path f = made(START, event("subagent.launched", "{}"), "not json", prompt("hi"));

    Read r = read(f, 0, true);

    assertEquals(2, r.reading().garbage());
    assertEquals(1, r.chats().size());
  }

  @Test
  void read_growingLog_halfWrittenLineWaitsAndTheOpenChatIsReadAgainWhole() throws Exception {
    Path f = made(START, prompt("first"), edit("c1", "create", "/work/p/a.txt"), done("c1", true));
    byte[] whole = Files.readAllBytes(f);
    String text = new String(whole, StandardCharsets.UTF_8);
    int promptAt = text.indexOf("{\"type\":\"user.message\"");
    Files.write(f, Arrays.copyOf(whole, whole.length - 10));
    Files.writeString(f.resolveSibling("workspace.yaml"), "id: " + MADE + "\ncwd: /work/p\n");

    Read partial = read(f, 0, false);
    Files.write(f, whole);
    Read rest = read(f, partial.reading().next(), true);

    assertEquals(0, partial.chats().size());
    assertEquals(promptAt, partial.reading().next());
    assertEquals(1, rest.chats().size());
    assertEquals(List.of("a.txt"), rest.chats().get(0).filesModified());
    assertEquals(MADE, rest.chats().get(0).sessionId()); // named by its folder
    assertEquals(0, partial.reading().garbage() + rest.reading().garbage());
  }

  @Test
  void readerFor_sessionStartLine_copilotReader() throws Exception {
    assertInstanceOf(CopilotEvents.class, TranscriptFormats.readerFor(events(HI).toRealPath()));
  }
}
