package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Fixtures;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Step;
import dev.gitml.storage.record.StoredRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code gitml export --task trajectory} end to end: real sessions of each assistant imported into
 * a real repository, exported, and compared with the chats' stored steps.
 */
class TrajectoryExportTest {
  @TempDir Path tmp;

  static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(file)) {
      if (!l.isBlank()) {
        out.add(GitRepoFixture.JSON.readTree(l));
      }
    }
    return out;
  }

  static Map<String, Chat> chats(Path repo) throws Exception {
    Map<String, Chat> out = new HashMap<>();
    try (Store store = Store.open(DataDir.of(repo))) {
      store.scan(
          Chat.class,
          r -> {
            Chat seen = out.get(r.data().id());
            if (seen == null || r.data().steps().size() > seen.steps().size()) {
              out.put(r.data().id(), r.data());
            }
          });
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.CLAUDE_CODE, Fixtures.CODEX_SESSIONS, Fixtures.GEMINI_TMP})
  void export_fixtureSessions_everyAnsweredCallAndResultInStepOrder(String fixture)
      throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    Path sessions = Fixtures.copy(fixture, tmp.resolve("sessions"));
    fx.gitml("init", "--no-hooks", "--no-backfill");
    assertEquals(0, fx.gitml("sessions", "import", "--path", sessions.toString()).exit());

    CliRun r =
        fx.gitml("export", "--task", "trajectory", "--format", "jsonl", "--out", tmp + "/t.jsonl");

    assertEquals(0, r.exit(), r.err());
    List<JsonNode> lines = lines(tmp.resolve("t.jsonl"));
    Map<String, Chat> chats = chats(fx.repo);
    long main = chats.values().stream().filter(c -> c.agentId() == null).count();
    assertEquals(main, lines.size(), r.out());
    int calls = 0;
    for (JsonNode line : lines) {
      assertEquals(List.of("messages", "tools", "metadata", "split"), fields(line));
      Chat c = chats.get(line.at("/metadata/chat_id").asText());
      calls += assertFollowsSteps(c, line);
    }
    assertTrue(calls > 0, fixture + " has answered tool calls");
  }

  /** Asserts the messages hold every answered call of the chat and its result, in order. */
  static int assertFollowsSteps(Chat c, JsonNode line) throws Exception {
    Map<String, String> results = new HashMap<>();
    for (Step s : c.steps()) {
      if (s.kind() == Step.Kind.TOOL_RESULT && s.callId() != null) {
        results.putIfAbsent(s.callId(), s.output() == null ? "" : s.output());
      }
    }
    List<String> expected = new ArrayList<>();
    Set<String> once = new HashSet<>();
    List<String> texts = new ArrayList<>();
    int calls = 0;
    for (Step s : c.steps()) {
      if (s.kind() == Step.Kind.TOOL_CALL) {
        calls++;
        if (s.callId() != null && results.containsKey(s.callId()) && once.add(s.callId())) {
          expected.add(s.callId());
        }
      } else if (s.kind() == Step.Kind.TEXT && !s.text().isBlank()) {
        texts.add(s.text());
      }
    }
    JsonNode messages = line.get("messages");
    assertEquals("user", messages.get(0).get("role").asText());
    assertEquals(c.query(), messages.get(0).get("content").asText());
    List<String> called = new ArrayList<>();
    List<String> answered = new ArrayList<>();
    List<String> said = new ArrayList<>();
    for (int i = 1; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      switch (m.get("role").asText()) {
        case "assistant" -> {
          if (m.has("content")) {
            said.add(m.get("content").asText());
          }
          JsonNode tc = m.path("tool_calls");
          for (int k = 0; k < tc.size(); k++) {
            String id = tc.get(k).get("id").asText();
            called.add(id);
            assertEquals("function", tc.get(k).get("type").asText());
            assertTrue(
                GitRepoFixture.JSON
                    .readTree(tc.get(k).at("/function/arguments").asText(""))
                    .isObject(),
                "arguments are the JSON text of an object");
            // the calls of a turn are answered right after it, in call order
            JsonNode answer = messages.get(i + 1 + k);
            assertEquals("tool", answer.get("role").asText());
            assertEquals(id, answer.get("tool_call_id").asText());
          }
        }
        case "tool" -> {
          answered.add(m.get("tool_call_id").asText());
          assertEquals(results.get(m.get("tool_call_id").asText()), m.get("content").asText());
        }
        default -> throw new AssertionError("unexpected role in " + m);
      }
    }
    assertEquals(expected, called, c.id());
    assertEquals(expected, answered, c.id());
    assertEquals(String.join("\n\n", texts), String.join("\n\n", said), c.id());
    assertEquals(calls - expected.size(), line.at("/metadata/dropped_calls").asInt());
    return expected.size();
  }

  static List<String> fields(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** The hello-world session run in {@code fx}'s repository, its hello.sh committed meanwhile. */
  static Path helloSessionCommitted(GitRepoFixture fx, Path tmp) throws Exception {
    Path fixtures = Fixtures.copy(Fixtures.CLAUDE_CODE, tmp.resolve("fixtures"));
    Path session = tmp.resolve("hello").resolve("de3b8b19-5bc0-4a2a-934a-1b6806567e25.jsonl");
    Files.createDirectories(session.getParent());
    Files.writeString(
        session,
        Files.readString(fixtures.resolve("hello-world.jsonl"))
            .replace("/tmp/tmp74wiyiny", fx.repo.toString()));
    Files.writeString(fx.repo.resolve("hello.sh"), "#!/bin/bash\necho \"Hello world\"\n");
    fx.git("add", "-A");
    fx.git(
        Map.of(
            "GIT_AUTHOR_DATE",
            "2026-01-21T06:20:42Z",
            "GIT_COMMITTER_DATE",
            "2026-01-21T06:20:42Z"),
        "commit",
        "-q",
        "-m",
        "hello");
    return session;
  }

  @Test
  void export_chatThatLedToACommitLaterReverted_commitWithDiffAndOutcome() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    Path session = helloSessionCommitted(fx, tmp);
    String hello = fx.head();
    fx.gitml("capture");
    fx.gitml("sessions", "import", "--path", session.toString());
    fx.git("revert", "--no-edit", "HEAD");
    fx.gitml("capture");
    fx.gitml("feedback", "--chat-id", "10dcdc4f-bc3e-4b4f-a336-cc788f8ffbe1", "--rating", "good");
    fx.gitml("ci", "set", "--commit", hello, "--result", "fail", "--tests-failed", "1");

    CliRun r = fx.gitml("export", "--task", "trajectory", "--format", "hf", "--out", tmp + "/ds");

    assertEquals(0, r.exit(), r.err());
    List<JsonNode> lines = new ArrayList<>();
    for (String split : List.of("train", "validation", "test")) {
      Path f = tmp.resolve("ds/data/trajectory/" + split + ".jsonl");
      if (Files.exists(f)) {
        lines.addAll(lines(f));
      }
    }
    assertEquals(1, lines.size());
    JsonNode m = lines.get(0).get("metadata");
    assertEquals(hello, m.at("/commits/0/hash").asText());
    assertTrue(m.at("/commits/0/diff").asText().contains("+echo \"Hello world\""), m.toString());
    assertEquals("hello", m.at("/commits/0/message").asText());
    assertTrue(m.at("/outcome/committed").asBoolean());
    assertTrue(m.at("/outcome/reverted").asBoolean());
    assertFalse(m.at("/outcome/ci_passed").asBoolean(true), m.toString());
    assertEquals(1, m.at("/outcome/rating").asInt());
    assertEquals("claude-code", m.get("assistant").asText());
    assertEquals(fx.repo.getFileName().toString(), m.get("repo").asText());
    assertEquals(
        List.of("Bash", "Write"),
        lines.get(0).findValues("name").stream()
            .map(JsonNode::asText)
            .distinct()
            .sorted()
            .toList());
    assertTrue(Files.readString(tmp.resolve("ds/README.md")).contains("config_name: trajectory"));
  }

  @Test
  void export_chatJsonlWithTools_messagesAndToolsOnlyAndOldChatsRebuilt() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    Path session = helloSessionCommitted(fx, tmp);
    fx.gitml("sessions", "import", "--path", session.toString());
    // a chat stored by a gitml that kept no steps
    var out =
        GitRepoFixture.JSON
            .createObjectNode()
            .put("tool", "Bash")
            .put("output", "ok")
            .put("success", true);
    try (Store store = Store.open(DataDir.of(fx.repo))) {
      store.append(
          List.of(
              StoredRecord.of(
                  new Chat(
                      "old-1",
                      "2025-06-01T10:00:00Z",
                      "old-session",
                      "run the tests",
                      "All pass.",
                      null,
                      null,
                      List.of("Bash"),
                      List.of(out),
                      null,
                      null,
                      null,
                      "claude-code",
                      null,
                      null,
                      null,
                      null))));
    }

    CliRun r = fx.gitml("export", "--format", "chat-jsonl", "--with-tools", "--out", tmp + "/sft");
    CliRun plain = fx.gitml("export", "--format", "chat-jsonl", "--out", tmp + "/plain");
    CliRun wrongFormat = fx.gitml("export", "--format", "jsonl", "--with-tools", "--out", "-");
    CliRun csv = fx.gitml("export", "--format", "csv", "--task", "trajectory", "--out", "-");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("trajectory"), r.out());
    assertFalse(r.out().contains("  chat "), r.out());
    List<JsonNode> chats = new ArrayList<>();
    for (String split : List.of("train", "validation", "test")) {
      for (JsonNode l : lines(tmp.resolve("sft/" + split + ".jsonl"))) {
        if (l.has("tools")) {
          chats.add(l);
        }
        assertTrue(
            List.of(List.of("messages", "tools"), List.of("messages")).contains(fields(l)),
            l.toString());
      }
    }
    assertEquals(2, chats.size());
    JsonNode old =
        chats.stream()
            .filter(c -> c.at("/messages/0/content").asText().equals("run the tests"))
            .findFirst()
            .orElseThrow();
    assertEquals("{}", old.at("/messages/1/tool_calls/0/function/arguments").asText());
    assertEquals("ok", old.at("/messages/2/content").asText());
    assertEquals("All pass.", old.at("/messages/3/content").asText());
    assertEquals(0, plain.exit(), plain.err());
    assertFalse(Files.readString(tmp.resolve("plain/train.jsonl")).contains("tool_calls"));
    assertEquals(2, wrongFormat.exit());
    assertTrue(wrongFormat.err().contains("--with-tools"), wrongFormat.err());
    assertEquals(2, csv.exit());
    assertTrue(csv.err().contains("CSV"), csv.err());
  }
}
