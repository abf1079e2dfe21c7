package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copilot Chat sessions of VS Code, made to the format as VS Code writes it (no real one was among
 * the project's sessions): the JSON document and the JSONL mutation log.
 */
class CopilotChatSessionTest {
  @TempDir Path tmp;

  private record Read(TranscriptReader.Reading reading, List<Chat> chats, List<Action> actions) {}

  private static Read read(Path file, boolean finish) throws IOException {
    List<Chat> chats = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    TranscriptReader.Reading r =
        new CopilotChatSession()
            .read(
                file,
                0,
                new PathScope(null, null),
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

  private Path session(String name, String text) throws IOException {
    Path storage = Files.createDirectories(tmp.resolve("workspaceStorage/ab12/chatSessions"));
    Files.writeString(
        storage.getParent().resolve("workspace.json"), "{\"folder\":\"file:///work/proj\"}");
    return Files.writeString(storage.resolve(name), text);
  }

  private static final String ASK =
      "{\"requestId\":\"request_1\",\"timestamp\":1769028780953,\"modelId\":\"copilot/gpt-4.1\","
          + "\"message\":{\"text\":\"rename foo to bar\",\"parts\":[]},\"response\":["
          + "{\"kind\":\"thinking\",\"value\":\"looking\"},"
          + "{\"value\":\"Renamed it.\",\"supportThemeIcons\":false},"
          + "{\"kind\":\"toolInvocationSerialized\",\"toolId\":\"copilot_replaceString\","
          + "\"toolCallId\":\"t1\",\"isComplete\":true,"
          + "\"invocationMessage\":{\"value\":\"Editing a.py\"},\"pastTenseMessage\":\"Edited a.py\"},"
          + "{\"kind\":\"textEditGroup\",\"uri\":{\"$mid\":1,\"fsPath\":\"/work/proj/src/a.py\","
          + "\"path\":\"/work/proj/src/a.py\",\"scheme\":\"file\"},\"edits\":[],\"done\":true},"
          + "{\"kind\":\"mcpServersStarting\",\"didStartServerIds\":[]}]}";

  private static final String THINK_ONLY =
      "{\"requestId\":\"request_2\",\"timestamp\":1769028790000,"
          + "\"message\":{\"text\":\"why?\"},\"response\":[{\"kind\":\"thinking\","
          + "\"value\":\"Because of the import.\"}]}";

  @Test
  void read_jsonDocument_eachRequestAChatWithItsEditsAndTools() throws Exception {
    Path f =
        session(
            "91a2e934.json",
            "{\"version\":3,\"sessionId\":\"91a2e934\",\"creationDate\":1769028599647,"
                + "\"lastMessageDate\":1769028790000,\"requests\":["
                + ASK
                + ","
                + THINK_ONLY
                + "]}");

    Read r = read(f, true);

    assertEquals(
        List.of("rename foo to bar", "why?"), r.chats().stream().map(Chat::query).toList());
    Chat c = r.chats().get(0);
    assertEquals("Renamed it.", c.response());
    assertEquals(List.of("src/a.py"), c.filesModified());
    assertEquals("copilot/gpt-4.1", c.model());
    assertEquals("copilot", c.assistant());
    assertEquals("2026-01-21T20:53:00.953Z", c.timestamp());
    assertEquals("Because of the import.", r.chats().get(1).response().strip());
    assertEquals(List.of("copilot_replaceString"), r.actions().stream().map(Action::tool).toList());
    assertEquals("91a2e934", r.reading().facts().sessionId());
    assertEquals("/work/proj", r.reading().facts().cwd());
  }

  @Test
  void read_mutationLog_initialStateThenPushesAndSets() throws Exception {
    Path f =
        session(
            "91a2e934.jsonl",
            String.join(
                "\n",
                "{\"kind\":0,\"k\":[],\"v\":{\"sessionId\":\"91a2e934\","
                    + "\"creationDate\":1769028599647,\"requests\":[]}}",
                "{\"kind\":2,\"k\":[\"requests\"],\"v\":[" + ASK + "]}",
                "{\"kind\":1,\"k\":[\"requests\",0,\"message\",\"text\"],\"v\":\"rename foo\"}",
                "{\"kind\":2,\"k\":[\"requests\"],\"v\":[" + THINK_ONLY + "]}",
                "{\"kind\":9,\"k\":[\"x\"]}",
                "not json",
                ""));

    Read r = read(f, false);

    assertEquals(List.of("rename foo"), r.chats().stream().map(Chat::query).toList());
    assertEquals(2, r.reading().garbage());
    assertEquals(0, r.reading().next());
  }

  @Test
  void readerFor_chatSessionsFolder_vsCodeReader() throws Exception {
    Path f = session("x.json", "{\"requests\":[]}");

    assertInstanceOf(CopilotChatSession.class, TranscriptFormats.readerFor(f.toRealPath()));
  }
}
