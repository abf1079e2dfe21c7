package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.Fixtures;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Aider's chat history, read from real histories and made-up lines. */
class AiderHistoryTest {
  private static final String HISTORY = AiderHistory.FILE_NAME;

  @TempDir Path tmp;
  private Path aider;

  private record Read(TranscriptReader.Reading reading, List<Chat> chats, List<Action> actions) {}

  @BeforeEach
  void copyFixtures() {
    aider = Fixtures.copy(Fixtures.AIDER, tmp.resolve("fixtures"));
  }

  private static Read read(Path file, long offset, boolean finish, ZoneId zone) throws IOException {
    List<Chat> chats = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    TranscriptReader.Reading r =
        new AiderHistory(zone)
            .read(
                file.toRealPath(),
                offset,
                new PathScope(file.toRealPath().getParent(), null),
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

  private static Read read(Path file) throws IOException {
    return read(file, 0, true, ZoneOffset.UTC);
  }

  private Path health() {
    return aider.resolve("0xf1e__health-analyzer-poc").resolve(HISTORY);
  }

  private Path made(String... lines) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("repo"));
    return Files.writeString(dir.resolve(HISTORY), String.join("\n", lines) + "\n");
  }

  @Test
  void read_history_chatsAreThePromptsNotTheCommandsNorTheirRepeats() throws Exception {
    Read r = read(health());

    assertEquals(6, r.chats().size(), r.chats().stream().map(Chat::query).toList().toString());
    String first = r.chats().get(0).query();
    assertTrue(first.startsWith("The source code is located in a public"), first);
    assertTrue(
        first.endsWith("please write the appropriate curl requests that get this information"));
    assertTrue(r.chats().get(1).query().startsWith("Please write a .sh file that runs these"));
    assertEquals("Let's use python instead of bash", r.chats().get(2).query());
    for (Chat c : r.chats()) {
      assertEquals("aider", c.assistant());
      assertFalse(c.query().startsWith("/"), c.query());
      assertFalse(c.response().isBlank(), c.id());
    }
  }

  @Test
  void read_appliedEditsAndCommits_areActionsAndFilesModified() throws Exception {
    Read r = read(health());

    assertEquals(List.of("metrics_check.sh"), r.chats().get(1).filesModified());
    assertEquals(List.of("edit", "commit"), r.chats().get(1).toolsUsed());
    assertEquals(List.of("metrics_check.py"), r.chats().get(5).filesModified());
    assertEquals(9, r.actions().size());
    Action commit = r.actions().stream().filter(a -> a.tool().equals("commit")).findFirst().get();
    assertEquals("e14ab36", commit.input().path("sha").asText());
    assertEquals(Boolean.TRUE, commit.success());
  }

  @Test
  void read_twoRuns_twoSessionsEachNamingItsCommits() throws Exception {
    Read r = read(health());

    List<TranscriptReader.SessionFacts> sessions = r.reading().sessions();
    assertEquals(2, sessions.size());
    assertEquals("2025-09-22T12:04:00Z", sessions.get(0).started());
    assertEquals("2025-09-22T14:55:00Z", sessions.get(1).started());
    assertEquals(health().getParent().toRealPath().toString(), sessions.get(0).cwd());
    assertEquals(Map.of(r.chats().get(5).id(), List.of("8717274")), sessions.get(1).namedCommits());
    assertEquals(
        List.of("461c5fc", "c6ad63d"), sessions.get(0).namedCommits().get(r.chats().get(3).id()));
    assertTrue(r.chats().get(5).sessionId().equals(sessions.get(1).sessionId()));
  }

  @Test
  void read_modelAndTokens_fromAidersOwnLines() throws Exception {
    Read r = read(health());

    assertEquals("openrouter/deepseek/deepseek-chat-v3.1", r.chats().get(1).model());
    assertEquals(3_700, r.chats().get(1).queryTokens());
    assertEquals(1_500, r.chats().get(1).responseTokens());
    assertEquals("openrouter/qwen/qwen3-coder", r.chats().get(5).model());
  }

  @Test
  void read_localTime_readInTheZoneGiven() throws Exception {
    Read r = read(health(), 0, true, ZoneId.of("Europe/Paris"));

    assertEquals("2025-09-22T10:04:00Z", r.chats().get(0).timestamp());
  }

  @Test
  void read_runsThatFailed_sessionsKeptAndTheErrorIsTheResponse() throws Exception {
    Read r = read(aider.resolve("Awides__thoth").resolve(HISTORY));

    assertEquals(4, r.reading().sessions().size());
    assertEquals(2, r.chats().size());
    assertTrue(r.chats().get(0).response().contains("LLM Provider NOT provided"));
    assertTrue(r.chats().get(1).query().startsWith("Let's continue debugging the desktop app."));
  }

  @Test
  void read_searchReplaceBlock_fileAboveItModifiedUnlessAiderSaysItFailed() throws Exception {
    Path f =
        made(
            "# aider chat started at 2026-01-02 03:04:05",
            "",
            "#### fix the loop  ",
            "",
            "src/app.py",
            "```python",
            "<<<<<<< SEARCH",
            "for i in x:",
            "=======",
            "for i in y:",
            ">>>>>>> REPLACE",
            "```",
            "",
            "#### and the test  ",
            "",
            "tests/test_app.py",
            "```python",
            "<<<<<<< SEARCH",
            "assert a",
            "=======",
            "assert b",
            ">>>>>>> REPLACE",
            "```",
            "> # 1 SEARCH/REPLACE block failed to match!  ",
            "> SearchReplaceNoExactMatch: This SEARCH block failed to exactly match lines in"
                + " tests/test_app.py  ");

    Read r = read(f);

    assertEquals(List.of("src/app.py"), r.chats().get(0).filesModified());
    assertEquals(List.of(), r.chats().get(1).filesModified());
  }

  @Test
  void read_headingInAnswerAndQuotedOutputOfSeveralLines_neitherIsAPrompt() throws Exception {
    Path f =
        made(
            "# aider chat started at 2026-01-02 03:04:05",
            "",
            "#### explain  ",
            "",
            "#### A heading in the answer",
            "Some text.",
            "> export A=1",
            "export B=2  ",
            "> Run shell commands? (Y)es/(N)o [Yes]: n  ");

    Read r = read(f);

    assertEquals(1, r.chats().size());
    assertTrue(r.chats().get(0).response().contains("#### A heading in the answer"));
    assertFalse(r.chats().get(0).response().contains("export B=2"));
  }

  @Test
  void read_growingHistory_halfWrittenLineWaitsAndNextReadStartsAtTheSessionHeader()
      throws Exception {
    byte[] whole = Files.readAllBytes(health());
    String text = new String(whole, StandardCharsets.UTF_8);
    int second = text.indexOf("# aider chat started at 2025-09-22 14:55:00");
    int cut = text.indexOf("Alrighty!") + 20; // inside the second run's prompt line
    Path live = Files.createDirectories(tmp.resolve("live")).resolve(HISTORY);
    Files.write(live, Arrays.copyOf(whole, cut));

    Read partial = read(live, 0, false, ZoneOffset.UTC);
    Files.write(live, whole);
    Read rest = read(live, partial.reading().next(), true, ZoneOffset.UTC);

    assertEquals(second, partial.reading().next());
    assertEquals(5, partial.chats().size());
    assertEquals(1, rest.chats().size());
    assertEquals(read(health()).chats().get(5), rest.chats().get(0));
    assertEquals(second, rest.reading().next());
  }

  @Test
  void readerFor_historyByNameOrByItsHeader_aiderReader() throws Exception {
    Path renamed = Files.copy(health(), tmp.resolve("chat-log.md"));

    assertInstanceOf(AiderHistory.class, TranscriptFormats.readerFor(health().toRealPath()));
    assertInstanceOf(AiderHistory.class, TranscriptFormats.readerFor(renamed.toRealPath()));
  }
}
