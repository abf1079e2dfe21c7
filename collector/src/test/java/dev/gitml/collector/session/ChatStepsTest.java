package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.Fixtures;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.RecordMapper;
import dev.gitml.storage.record.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every reader keeps a chat's trajectory: texts, calls and their results, in order. */
class ChatStepsTest {
  @TempDir Path tmp;

  private record Read(List<Chat> chats, List<Action> actions) {}

  private Read readAll(String fixture) throws IOException {
    Path root = Fixtures.copy(fixture, tmp);
    List<Path> files;
    try (Stream<Path> all = Files.walk(root)) {
      files =
          all.filter(Files::isRegularFile)
              .filter(p -> !p.toString().contains("subagents"))
              .filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".json"))
              .sorted()
              .toList();
    }
    List<Chat> chats = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    for (Path f : files) {
      Path real = f.toRealPath();
      TranscriptFormats.readerFor(real)
          .read(
              real,
              0,
              new PathScope(tmp, null),
              true,
              r -> {
                if (r instanceof Chat c) {
                  chats.add(c);
                } else if (r instanceof Action a) {
                  actions.add(a);
                }
              });
    }
    return new Read(chats, actions);
  }

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.CLAUDE_CODE, Fixtures.CODEX_SESSIONS, Fixtures.GEMINI_TMP})
  void read_fixtureSessions_everyCallHasItsStepAndResultsFollowTheirCalls(String fixture)
      throws Exception {
    Read read = readAll(fixture);
    assertFalse(read.chats().isEmpty(), fixture);
    int calls = 0;
    for (Chat c : read.chats()) {
      Map<String, Integer> callAt = new HashMap<>();
      Set<String> results = new HashSet<>();
      for (int i = 0; i < c.steps().size(); i++) {
        Step s = c.steps().get(i);
        switch (s.kind()) {
          case TEXT -> assertFalse(s.text().isBlank(), c.id());
          case TOOL_CALL -> {
            assertNotNull(s.tool(), c.id());
            if (s.callId() != null) {
              callAt.put(s.callId(), i);
            }
            calls++;
          }
          case TOOL_RESULT -> {
            Integer at = callAt.get(s.callId());
            assertNotNull(at, "a result before its call in " + c.id());
            assertTrue(at < i);
            assertTrue(results.add(s.callId()), "one result per call in " + c.id());
            assertNotNull(s.success());
          }
          case SUBAGENT -> assertNotNull(s.agentId());
        }
      }
      assertEquals(
          c.steps().stream().filter(s -> s.kind() == Step.Kind.TEXT).count() > 0,
          c.response() != null && !c.response().isBlank(),
          "text steps exactly when there is a response: " + c.id());
    }
    // every tool use given as an action is a call in some chat's steps
    Set<String> called = new HashSet<>();
    read.chats()
        .forEach(
            c ->
                c.steps().stream()
                    .filter(s -> s.kind() == Step.Kind.TOOL_CALL)
                    .forEach(s -> called.add(s.callId())));
    for (Action a : read.actions()) {
      assertTrue(called.contains(a.id()), "action " + a.id() + " is a step of its chat");
    }
    assertTrue(calls > 0, fixture + " has tool calls");
  }

  @Test
  void chat_withSteps_roundTripsThroughTheRecordMapper() {
    Chat chat =
        new Chat(
            "c1",
            "2026-01-01T00:00:00Z",
            "s1",
            "fix it",
            "done",
            null,
            List.of("a.txt"),
            List.of("Edit"),
            null,
            null,
            null,
            null,
            "claude-code",
            null,
            null,
            null,
            null,
            List.of(
                Step.text("looking", null),
                Step.call(
                    "Edit",
                    "t1",
                    RecordMapper.mapper().createObjectNode().put("file_path", "a.txt"),
                    null),
                Step.result("Edit", "t1", "ok", true, null)));
    var data = RecordMapper.toData(chat);
    assertEquals(
        "[{\"kind\":\"text\",\"text\":\"looking\"},"
            + "{\"kind\":\"tool_call\",\"tool\":\"Edit\",\"call_id\":\"t1\","
            + "\"arguments\":{\"file_path\":\"a.txt\"}},"
            + "{\"kind\":\"tool_result\",\"tool\":\"Edit\",\"call_id\":\"t1\",\"output\":\"ok\","
            + "\"success\":true}]",
        data.get("steps").toString());
    assertEquals(chat, RecordMapper.fromData(data, Chat.class));
  }

  @Test
  void chat_withoutSteps_writesNoStepsField() {
    Chat chat =
        new Chat(
            "c1", null, "s1", "q", "r", null, null, null, null, null, null, null, null, null, null,
            null, null);
    assertFalse(RecordMapper.toData(chat).has("steps"));
    assertTrue(RecordMapper.fromData(RecordMapper.toData(chat), Chat.class).steps().isEmpty());
  }
}
