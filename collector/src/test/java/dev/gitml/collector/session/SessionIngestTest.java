package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Fixtures;
import dev.gitml.storage.SharedData;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.RecordType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Claude Code transcripts, real ones, into records. The long session's tests run on the
 * repository's cut of it ("fixture") and on the whole of it where the shared data is present
 * ("shared").
 */
class SessionIngestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LONG = "8463c716-a2ea-4c14-9efa-87158ebd9f20";

  @TempDir Path tmp;
  Path fixtures;
  Path repo;

  @BeforeEach
  void setUp() throws Exception {
    fixtures = Fixtures.copy(Fixtures.CLAUDE_CODE, tmp.resolve("fixtures"));
    repo = tmp.resolve("repo");
    Files.createDirectories(repo);
    DataDir.of(repo).initialize();
  }

  /** The transcripts directory: the repository's, or the shared one with the whole session. */
  private Path transcripts(String source) {
    return source.equals("fixture")
        ? fixtures
        : SharedData.require("fixtures/transcripts/claude-code");
  }

  private Store store() throws Exception {
    return Store.open(DataDir.of(repo));
  }

  private List<JsonNode> records(RecordType type) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (Store store = store()) {
      store.scan(type, r -> out.add(r.data()));
    }
    return out;
  }

  private SessionIngest.Result finish(Path transcript) throws Exception {
    try (Store store = store()) {
      return new SessionIngest(store, repo, Redactor.standard()).finish(transcript);
    }
  }

  private SessionIngest.Result update(Path transcript) throws Exception {
    try (Store store = store()) {
      return new SessionIngest(store, repo, Redactor.standard()).update(transcript);
    }
  }

  @Test
  void finish_helloWorld_oneChatWithToolsFileAndFinalText() throws Exception {
    SessionIngest.Result r = finish(fixtures.resolve("hello-world.jsonl"));

    assertEquals(1, r.chats());
    assertEquals(0, r.garbage());
    JsonNode chat = records(RecordType.CHAT).get(0);
    assertEquals(
        "Write a shell script called hello.sh that prints \"Hello world\" and run it.",
        chat.get("query").asText());
    assertEquals(List.of("Write", "Bash"), strings(chat.get("tools_used")));
    assertEquals(List.of("hello.sh"), strings(chat.get("files_modified")));
    String response = chat.get("response").asText();
    assertTrue(response.startsWith("Done. I created `hello.sh`"), response);
    assertTrue(response.endsWith("The script outputs `Hello world` as expected."), response);
    assertEquals("claude-code", chat.get("assistant").asText());
    assertEquals(2, chat.get("tool_outputs").size());
    assertTrue(chat.get("response_tokens").asInt() > 0);
    List<JsonNode> actions = records(RecordType.ACTION);
    assertEquals(2, actions.size());
    assertTrue(actions.stream().allMatch(a -> a.get("success").asBoolean()));
    JsonNode session = records(RecordType.SESSION).get(0);
    assertEquals(1, session.get("chats").asInt());
    assertEquals("de3b8b19-5bc0-4a2a-934a-1b6806567e25", session.get("session_id").asText());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fixture", "shared"})
  void finish_longSession_chatsAreTheRealPromptsAndEveryEditedFileIsInOne(String source)
      throws Exception {
    Path transcript = transcripts(source).resolve(LONG + ".jsonl");
    // the expectation, read independently: the user's own typed lines, and every edited file
    int prompts = 0;
    Set<String> edited = new HashSet<>();
    for (String line : Files.readAllLines(transcript, StandardCharsets.UTF_8)) {
      JsonNode n = JSON.readTree(line);
      JsonNode content = n.path("message").path("content");
      if (n.path("type").asText().equals("user")
          && content.isTextual()
          && !n.path("isMeta").asBoolean()
          && !n.path("isCompactSummary").asBoolean()
          && !content.asText().startsWith("<")) {
        prompts++;
      }
      if (n.path("type").asText().equals("assistant")) {
        for (JsonNode b : content) {
          String tool = b.path("name").asText();
          if (tool.equals("Edit") || tool.equals("Write") || tool.equals("MultiEdit")) {
            edited.add(
                Path.of(b.path("input").path("file_path").asText()).getFileName().toString());
          }
        }
      }
    }

    SessionIngest.Result r = finish(transcript);

    List<JsonNode> chats = records(RecordType.CHAT);
    List<JsonNode> main = chats.stream().filter(c -> !c.has("agent_id")).toList();
    assertEquals(prompts, main.size());
    Set<String> modified = new HashSet<>();
    for (JsonNode c : chats) {
      c.get("files_modified")
          .forEach(f -> modified.add(Path.of(f.asText()).getFileName().toString()));
    }
    assertTrue(modified.containsAll(edited), "missing: " + diff(edited, modified));
    List<JsonNode> subagentChats = chats.stream().filter(c -> c.has("agent_id")).toList();
    assertEquals(1, subagentChats.size(), "the Explore agent; the compaction agent is not a chat");
    assertEquals("a7be2f0", subagentChats.get(0).get("agent_id").asText());
    assertEquals("Explore", subagentChats.get(0).get("agent_type").asText());
    assertTrue(strings(main.get(0).get("subagents")).contains("a7be2f0"));
    JsonNode session = records(RecordType.SESSION).get(0);
    assertTrue(session.get("summary").asText().contains("Analysis:"), "compaction summary kept");
    assertEquals("Explore", session.at("/orchestration/subagents/0/agent_type").asText());
    assertEquals(0, r.garbage());
    assertFalse(main.get(0).get("response").asText().isBlank());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fixture", "shared"})
  void finish_everyFixtureTwice_secondTimeAddsNothing(String source) throws Exception {
    Path dir = transcripts(source);
    List<Path> all =
        List.of(
            dir.resolve("hello-world.jsonl"),
            dir.resolve("short.jsonl"),
            dir.resolve(LONG + ".jsonl"));
    int first = 0;
    for (Path p : all) {
      first += finish(p).added();
    }
    int second = 0;
    for (Path p : all) {
      second += finish(p).added();
    }

    assertTrue(first > (source.equals("shared") ? 200 : 15), "records: " + first);
    assertEquals(0, second);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fixture", "shared"})
  void update_transcriptCutMidLineThenCompleted_eachChatOnceNoGarbage(String source)
      throws Exception {
    byte[] whole = Files.readAllBytes(transcripts(source).resolve(LONG + ".jsonl"));
    Path live = tmp.resolve("live.jsonl");
    int cut = whole.length / 3;
    while (whole[cut - 1] == '\n') {
      cut++; // make sure the cut is inside a line
    }
    Files.write(live, java.util.Arrays.copyOf(whole, cut));

    SessionIngest.Result partial = update(live);
    Files.write(live, whole);
    SessionIngest.Result rest = update(live);
    SessionIngest.Result end = finish(live);

    assertEquals(0, partial.garbage() + rest.garbage() + end.garbage(), "no torn line read");
    List<JsonNode> chats = records(RecordType.CHAT);
    Set<String> ids = new HashSet<>();
    chats.forEach(c -> ids.add(c.get("id").asText()));
    assertEquals(
        ids.size(), chats.stream().filter(c -> !c.has("agent_id")).count(), "one record per chat");
  }

  @Test
  void finishAll_twoTranscriptsAndAMissingOne_bothStoredCursorsSetMissingToldFailed()
      throws Exception {
    Path hello = fixtures.resolve("hello-world.jsonl");
    Path other = tmp.resolve("other.jsonl");
    Files.writeString(other, Files.readString(hello).replace("and run it.", "and run it twice."));
    Path missing = tmp.resolve("missing.jsonl");
    List<Path> finished = new ArrayList<>();
    List<Path> failed = new ArrayList<>();

    try (Store store = store()) {
      int added =
          new SessionIngest(store, repo, Redactor.standard())
              .finishAll(
                  List.of(hello, missing, other),
                  new SessionIngest.Outcome() {
                    @Override
                    public void finished(Path transcript, SessionIngest.Result result) {
                      assertEquals(1, result.chats());
                      finished.add(transcript);
                    }

                    @Override
                    public void failed(Path transcript, Exception e) {
                      failed.add(transcript);
                    }
                  });

      assertTrue(added > 0);
      assertTrue(store.cursor(SessionIngest.cursorName(hello)) > 0);
      assertTrue(store.cursor(SessionIngest.cursorName(other)) > 0);
    }
    assertEquals(List.of(hello, other), finished);
    assertEquals(List.of(missing), failed);
    assertEquals(2, records(RecordType.CHAT).size());
    assertEquals(2, records(RecordType.SESSION).size());
  }

  @Test
  void update_garbageLines_countedAndSkipped() throws Exception {
    Path t = tmp.resolve("garbage.jsonl");
    String hello = Files.readString(fixtures.resolve("hello-world.jsonl"));
    Files.writeString(t, "not json at all\n[1,2,3]\n" + hello + "{\"truncated\": \n");

    SessionIngest.Result r = finish(t);

    assertEquals(3, r.garbage());
    assertEquals(1, r.chats());
  }

  @Test
  void finish_secretInPromptAndToolOutput_redactedBeforeStored() throws Exception {
    Path t = tmp.resolve("secret.jsonl");
    String hello = Files.readString(fixtures.resolve("hello-world.jsonl"));
    Files.writeString(
        t,
        hello
            .replace(
                "and run it.",
                "and run it. Use GITHUB_TOKEN=ghp_R3aLlyN0tAT0k3nBuTL00ksL1k30ne123456")
            .replace(
                "\"content\":\"Hello world\"",
                "\"content\":\"aws_secret_access_key = Tq8vRk2mW9pLx4ZbN7cJ1hYdF3sGa6uE0oIt5wVr\""));

    finish(t);

    String stored = records(RecordType.CHAT).toString() + records(RecordType.SESSION);
    assertFalse(stored.contains("ghp_R3aLlyN0tAT0k3nBuTL00ksL1k30ne123456"), stored);
    assertFalse(stored.contains("Tq8vRk2mW9pLx4ZbN7cJ1hYdF3sGa6uE0oIt5wVr"));
    assertTrue(stored.contains("[REDACTED"), stored);
  }

  @Test
  void realPrompt_toolResultsMetaCommandsAndNotifications_notPrompts() throws Exception {
    assertNull(
        ClaudeTranscript.realPrompt(
            JSON.readTree(
                "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\",\"content\":\"x\"}]}}")));
    assertNull(
        ClaudeTranscript.realPrompt(
            JSON.readTree(
                "{\"type\":\"user\",\"isMeta\":true,\"message\":{\"content\":\"Stop hook feedback\"}}")));
    assertNull(
        ClaudeTranscript.realPrompt(
            JSON.readTree(
                "{\"type\":\"user\",\"message\":{\"content\":\"<command-name>/model</command-name>\"}}")));
    assertNull(
        ClaudeTranscript.realPrompt(
            JSON.readTree(
                "{\"type\":\"user\",\"message\":{\"content\":\"<task-notification>done\"}}")));
    assertNull(
        ClaudeTranscript.realPrompt(
            JSON.readTree(
                "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"text\","
                    + "\"text\":\"[Request interrupted by user for tool use]\"}]}}")));
    assertEquals(
        "fix the login timeout",
        ClaudeTranscript.realPrompt(
            JSON.readTree(
                "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"text\","
                    + "\"text\":\"fix the login timeout\"}]}}")));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Set<String> diff(Set<String> want, Set<String> have) {
    Set<String> d = new HashSet<>(want);
    d.removeAll(have);
    return d;
  }
}
