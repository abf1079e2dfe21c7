package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.Fixtures;
import dev.gitml.storage.json.Mappers;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Codex CLI rollouts, current and legacy, read from the fixtures cut from real sessions. */
class CodexRolloutTest {
  private static final String CURRENT =
      "2025/11/06/rollout-2025-11-06T16-45-42-019a5820-e5d7-7692-aae6-926261b8b5c9.jsonl";
  private static final String LEGACY =
      "2025/09/06/rollout-2025-09-06T19-11-43-7e0bf0fc-0880-40a2-b71b-d581cf86adff.jsonl";
  private static final Path REPO = Path.of("/Users/kooksun/PythonProjects/Lotto645");

  @TempDir Path tmp;
  private Path sessions;

  private record Read(TranscriptReader.Reading reading, List<Chat> chats, List<Action> actions) {}

  @BeforeEach
  void copyFixtures() {
    sessions = Fixtures.copy(Fixtures.CODEX_SESSIONS, tmp.resolve("codex"));
  }

  private static Read read(Path file, long offset, boolean finish) throws IOException {
    List<Chat> chats = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    TranscriptReader.Reading r =
        new CodexRollout()
            .read(
                file,
                offset,
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

  @Test
  void read_currentRollout_chatsAreTheRealPromptsNotInjectedContext() throws Exception {
    Read r = read(sessions.resolve(CURRENT), 0, true);

    assertEquals(2, r.chats().size(), r.chats().toString());
    assertTrue(r.chats().get(0).query().contains("T006~T011"), r.chats().get(0).query());
    assertTrue(r.chats().get(1).query().startsWith("num run lint"), r.chats().get(1).query());
    for (Chat c : r.chats()) {
      assertFalse(c.query().contains("<environment_context>"), c.query());
      assertFalse(c.query().startsWith("# AGENTS.md"), c.query());
      assertEquals("codex", c.assistant());
      assertFalse(c.response().isBlank(), c.id());
    }
    assertEquals(0, r.reading().garbage());
    TranscriptReader.SessionFacts f = r.reading().facts();
    assertEquals("019a5820-e5d7-7692-aae6-926261b8b5c9", f.sessionId());
    assertEquals(REPO.toString(), f.cwd());
    assertEquals("001-lotto-ticketing", f.branch());
    assertEquals("2025-11-06T07:45:42.391Z", f.started());
  }

  @Test
  void read_promptWrittenTwice_answerTakenOnce() throws Exception {
    Read r = read(sessions.resolve(CURRENT), 0, true);

    String response = r.chats().get(0).response();
    assertTrue(response.startsWith("| Checklist |"), response);
    assertEquals(response.indexOf("| Checklist |"), response.lastIndexOf("| Checklist |"));
  }

  @Test
  void read_turnContext_modelOnTheChat() throws Exception {
    Read r = read(sessions.resolve(CURRENT), 0, true);

    assertEquals("gpt-5-codex", r.chats().get(0).model());
    assertEquals("gpt-5-codex", r.chats().get(1).model());
  }

  @Test
  void read_applyPatch_filesModifiedRelativeToTheRepository() throws Exception {
    Read r = read(sessions.resolve(CURRENT), 0, true);

    assertEquals(List.of(), r.chats().get(0).filesModified());
    assertEquals(
        List.of("frontend/src/hooks/useNumberSelection.ts"), r.chats().get(1).filesModified());
    assertEquals(List.of("apply_patch"), r.chats().get(1).toolsUsed());
  }

  @Test
  void read_callsAndOutputs_pairedByCallIdIntoActions() throws Exception {
    Read r = read(sessions.resolve(CURRENT), 0, true);

    assertEquals(3, r.actions().size(), r.actions().toString());
    Action shell = r.actions().get(0);
    assertEquals("call_9k9rLDBO1pZ2eDwNrKunoHz6", shell.id());
    assertEquals("shell", shell.tool());
    assertEquals(Boolean.TRUE, shell.success());
    assertNotNull(shell.durationMs());
    for (Action a : r.actions().subList(1, 3)) {
      assertEquals("apply_patch", a.tool());
      assertEquals(Boolean.TRUE, a.success());
    }
    JsonNode output = r.chats().get(1).toolOutputs().get(0);
    assertTrue(output.path("output").asText().startsWith("Success."), output.toString());
  }

  @Test
  void read_legacyRollout_promptsAfterTheInjectedContext() throws Exception {
    Read r = read(sessions.resolve(LEGACY), 0, true);

    assertEquals(3, r.chats().size());
    assertEquals("search for AI platforms military intelligence", r.chats().get(0).query());
    assertEquals(3, r.actions().size());
    assertEquals(List.of("web_search"), r.chats().get(0).toolsUsed());
    assertFalse(r.chats().get(2).response().isBlank());
    TranscriptReader.SessionFacts f = r.reading().facts();
    assertEquals("7e0bf0fc-0880-40a2-b71b-d581cf86adff", f.sessionId());
    assertEquals("/Users/kobra/Dev/Chatgpt-Apps/ocodex-labs/ocodex/codex-rs", f.cwd());
    assertEquals(0, r.reading().garbage());
  }

  @Test
  void read_tornLastLine_waitsThenReadsItWhole() throws Exception {
    byte[] all = Files.readAllBytes(sessions.resolve(CURRENT));
    int cut = all.length - 40; // inside the last line
    Path file = tmp.resolve("rollout-torn.jsonl");
    Files.write(file, Arrays.copyOf(all, cut));

    Read first = read(file, 0, false);

    assertEquals(1, first.chats().size()); // the second chat is still open
    assertEquals(0, first.reading().garbage());
    long next = first.reading().next();
    assertTrue(next < cut, "next " + next);
    Files.write(file, Arrays.copyOfRange(all, cut, all.length), StandardOpenOption.APPEND);
    Read rest = read(file, next, true);
    assertEquals(1, rest.chats().size());
    assertTrue(rest.chats().get(0).query().startsWith("num run lint"));
    assertEquals(
        List.of("frontend/src/hooks/useNumberSelection.ts"), rest.chats().get(0).filesModified());
  }

  @Test
  void read_garbageLines_countedAndSkipped() throws Exception {
    Path file = tmp.resolve("rollout-garbage.jsonl");
    List<String> lines = Files.readAllLines(sessions.resolve(CURRENT));
    lines.add(3, "not json at all");
    lines.add(5, "[1,2,3]");
    lines.add(
        7, "{\"timestamp\":\"2025-11-06T07:46:00Z\",\"type\":\"future_kind\",\"payload\":{}}");
    Files.write(file, lines, StandardCharsets.UTF_8);

    Read r = read(file, 0, true);

    assertEquals(2, r.reading().garbage());
    assertEquals(2, r.chats().size());
  }

  @Test
  void patchedFiles_shellRunningApplyPatch_namesEveryFileOfThePatch() throws Exception {
    JsonNode args =
        Mappers.JSON.readTree(
            "{\"command\":[\"bash\",\"-lc\",\"apply_patch <<'EOF'\\n*** Begin Patch\\n"
                + "*** Update File: a.txt\\n*** Move to: b.txt\\n@@\\n-x\\n+y\\n"
                + "*** Delete File: c.txt\\n*** End Patch\\nEOF\"]}");

    assertEquals(Set.of("a.txt", "b.txt", "c.txt"), CodexRollout.patchedFiles("shell", args));
  }

  @Test
  void patchedFiles_shellWithoutApplyPatch_none() throws Exception {
    JsonNode args =
        Mappers.JSON.readTree("{\"command\":[\"bash\",\"-lc\",\"sed -i s/a/b/ x.txt > y.txt\"]}");

    assertEquals(Set.of(), CodexRollout.patchedFiles("shell", args));
  }

  @Test
  void readerFor_firstLineShape_codexOrClaude() throws Exception {
    assertInstanceOf(
        CodexRollout.class, TranscriptFormats.readerFor(sessions.resolve(CURRENT).toRealPath()));
    assertInstanceOf(
        CodexRollout.class, TranscriptFormats.readerFor(sessions.resolve(LEGACY).toRealPath()));
    Path claude = Fixtures.copy(Fixtures.CLAUDE_CODE, tmp.resolve("claude"));
    assertInstanceOf(
        ClaudeTranscript.class,
        TranscriptFormats.readerFor(claude.resolve("hello-world.jsonl").toRealPath()));
  }
}
