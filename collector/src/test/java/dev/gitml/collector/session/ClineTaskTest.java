package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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

/** Cline task folders, read from a real task (cut) and made-up ones in older and forked shapes. */
class ClineTaskTest {
  private static final String TASK = "1769053680585";

  @TempDir Path tmp;
  private Path tasks;

  private record Read(TranscriptReader.Reading reading, List<Chat> chats, List<Action> actions) {}

  @BeforeEach
  void copyFixtures() {
    tasks = Fixtures.copy(Fixtures.CLINE_TASKS, tmp.resolve("cline"));
  }

  private static Read read(Path file) throws IOException {
    List<Chat> chats = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    TranscriptReader.Reading r =
        new ClineTask()
            .read(
                file,
                0,
                new PathScope(null, null),
                true,
                rec -> {
                  if (rec instanceof Chat c) {
                    chats.add(c);
                  } else {
                    actions.add((Action) rec);
                  }
                });
    return new Read(r, chats, actions);
  }

  private Path history() {
    return tasks.resolve(TASK).resolve(ClineTask.HISTORY);
  }

  private Path made(String json) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("made/tasks/1700000000000"));
    return Files.writeString(dir.resolve(ClineTask.HISTORY), json);
  }

  @Test
  void xmlCalls_textOfThousandsOfTagsAndAnUnclosedOne_callsFoundWithoutRecursing() {
    String svg = "<svg>" + "<rect>1</rect>".repeat(20_000);
    String text =
        "Writing it.\n<write_to_file>\n<path>a.svg</path>\n<content>"
            + svg
            + "</content>\n</write_to_file>\n<read_file><path>b.txt</path>"
            + "<b>y</b>".repeat(3_000);

    List<ClineTask.XmlCall> calls = ClineTask.XmlCall.in(text);

    assertEquals(1, calls.size());
    assertEquals("write_to_file", calls.get(0).tool());
    assertEquals("a.svg", ClineTask.xmlCalls(text, "x").get(0).path("input").path("path").asText());
    assertTrue(ClineTask.XmlCall.without(text, calls).startsWith("Writing it.\n\n<read_file>"));
  }

  @Test
  void read_task_oneChatWhosePromptIsTheTaskNotTheInjectedContext() throws Exception {
    Read r = read(history());

    assertEquals(1, r.chats().size());
    Chat c = r.chats().get(0);
    assertTrue(c.query().startsWith("You have been given a Dockerized codebase"), c.query());
    assertTrue(!c.query().contains("environment_details"), c.query());
    assertEquals("cline", c.assistant());
    assertEquals("claude-sonnet-4-5-20250929", c.model());
    assertEquals("2026-01-22T03:48:00.628Z", c.timestamp());
    assertTrue(c.response().contains("I'll help you secure and extend"), c.response());
    assertTrue(c.response().contains("I have successfully secured and extended"), c.response());
    assertTrue(c.responseTokens() > 0);
  }

  @Test
  void read_toolUsesWithTextResults_actionsMatchedToTheirResults() throws Exception {
    Read r = read(history());

    assertEquals(
        List.of(
            "read_file",
            "write_to_file",
            "replace_in_file",
            "execute_command",
            "attempt_completion"),
        r.actions().stream().map(Action::tool).toList());
    assertEquals("ActionSystem.cs", r.actions().get(0).target());
    assertEquals(Boolean.TRUE, r.actions().get(1).success());
    assertEquals(Boolean.TRUE, r.actions().get(2).success());
    assertTrue(
        r.chats().get(0).toolOutputs().get(1).path("output").asText().startsWith("The content"));
  }

  @Test
  void read_editsAndTheMetadatasEditedFiles_allFilesModified() throws Exception {
    Read r = read(history());

    List<String> modified = r.chats().get(0).filesModified();
    assertEquals(27, modified.size(), modified.toString());
    assertTrue(modified.contains("BeginTurnGA.cs"), modified.toString());
    assertTrue(modified.contains("CardDataJSON.txt"), modified.toString());
    assertTrue(modified.contains("SECURITY_AND_MODULARITY_REPORT.md"), modified.toString());
    assertEquals("BeginTurnGA.cs", r.actions().get(1).target()); // its absolutePath, relative
  }

  @Test
  void read_task_sessionIsTheTaskWithItsDirectoryAndSpan() throws Exception {
    TranscriptReader.SessionFacts f = read(history()).reading().facts();

    assertEquals(TASK, f.sessionId());
    assertEquals("/workspaces/Online-Card-Architecture", f.cwd());
    assertEquals("2026-01-22T03:48:00.628Z", f.started());
    assertTrue(f.ended().compareTo(f.started()) > 0, f.ended());
  }

  @Test
  void read_olderXmlToolsAndFeedback_twoChatsAndTheWrittenFile() throws Exception {
    Path f =
        made(
            "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"<task>\\nadd a readme"
                + "\\n</task>\"},{\"type\":\"text\",\"text\":\"<environment_details>\\n"
                + "# Current Working Directory (/home/me/proj) Files\\n</environment_details>\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Writing it."
                + "\\n<write_to_file>\\n<path>README.md</path>\\n<content>\\n# proj\\n</content>"
                + "\\n</write_to_file>\"}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"[write_to_file"
                + " for 'README.md'] Result:\"},{\"type\":\"text\",\"text\":\"The content was"
                + " successfully saved to README.md.\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":"
                + "\"<attempt_completion>\\n<result>Added README.md</result>\\n"
                + "</attempt_completion>\"}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"[attempt_completion]"
                + " Result:\"},{\"type\":\"text\",\"text\":\"The user has provided feedback on the"
                + " results.\\n<feedback>\\nalso a licence\\n</feedback>\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Sure.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"write_to_file\","
                + "\"input\":{\"path\":\"/home/me/proj/LICENSE\",\"content\":\"MIT\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\","
                + "\"content\":\"The user denied this operation.\"}]}]");

    Read r = read(f);

    assertEquals(
        List.of("add a readme", "also a licence"), r.chats().stream().map(Chat::query).toList());
    assertEquals(List.of("README.md"), r.chats().get(0).filesModified());
    assertEquals("README.md", r.actions().get(0).target());
    assertTrue(r.chats().get(0).response().contains("Added README.md"));
    assertEquals(List.of(), r.chats().get(1).filesModified()); // denied
    assertEquals(Boolean.FALSE, r.actions().get(r.actions().size() - 1).success());
    assertEquals("1700000000000", r.reading().facts().sessionId());
    assertEquals("2023-11-14T22:13:20Z", r.chats().get(0).timestamp()); // the task id's time
  }

  @Test
  void read_notAnArray_oneClearError() throws Exception {
    Path f = made("{\"role\":\"user\"}");

    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> read(f));
    assertTrue(e.getMessage().contains("not a Cline task history"), e.getMessage());
  }

  @Test
  void readerFor_conversationHistory_clineReader() throws Exception {
    assertInstanceOf(ClineTask.class, TranscriptFormats.readerFor(history().toRealPath()));
  }
}
