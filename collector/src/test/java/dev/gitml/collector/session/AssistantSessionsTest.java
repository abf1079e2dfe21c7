package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Fixtures;
import dev.gitml.storage.SharedData;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.Session;
import dev.gitml.storage.record.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Aider, Cline and Copilot sessions into records, end to end: the repository's fixtures, and every
 * session of the shared data where it is present, checked against what each format says
 * independently (the prompts {@code SOURCES.md} counts, the files the edit tools wrote).
 */
class AssistantSessionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PROMPTS = Pattern.compile("(\\d+) prompts?\\b");
  private static final Pattern APPLIED = Pattern.compile("(?m)^> Applied edit to (.+?)\\s*$");

  @TempDir Path tmp;
  Path repo;

  @BeforeEach
  void setUp() throws Exception {
    repo = Files.createDirectories(tmp.resolve("repo"));
    DataDir.of(repo).initialize();
  }

  private Store store() throws Exception {
    return Store.open(DataDir.of(repo));
  }

  /** The three assistants' folders: the repository's fixtures, or the shared data. */
  private List<Path> roots(String source) {
    if (source.equals("fixture")) {
      return List.of(
          Fixtures.copy(Fixtures.AIDER, tmp.resolve("f")),
          Fixtures.copy(Fixtures.CLINE_TASKS, tmp.resolve("f/cline")),
          Fixtures.copy(Fixtures.COPILOT_SESSION_STATE, tmp.resolve("f/copilot")));
    }
    Path shared = SharedData.require("fixtures/transcripts");
    return List.of(shared.resolve("aider"), shared.resolve("cline"), shared.resolve("copilot"));
  }

  private SessionImport.Result importAll(List<Path> roots) throws Exception {
    List<Path> files = new ArrayList<>();
    for (Path root : roots) {
      files.addAll(SessionImport.transcriptsAt(root, why -> {}));
    }
    try (Store store = store()) {
      return new SessionImport(store, repo).run(files, null, problem -> {});
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fixture", "shared"})
  void import_everySessionTwice_noErrorAndTheSecondTimeAddsNothing(String source) throws Exception {
    List<Path> roots = roots(source);

    SessionImport.Result first = importAll(roots);
    SessionImport.Result second = importAll(roots);

    assertEquals(0, first.failed());
    assertEquals(source.equals("fixture") ? 5 : 8, first.transcripts());
    assertTrue(first.added() > 30, "records: " + first.added());
    assertEquals(0, second.added());
    Map<String, Integer> perAssistant = new HashMap<>();
    try (Store store = store()) {
      store.scan(Session.class, s -> perAssistant.merge(s.data().assistant(), 1, Integer::sum));
    }
    assertEquals(Set.of("aider", "cline", "copilot"), perAssistant.keySet());
  }

  @Test
  void finish_aiderCommitsStored_eachLinkedToTheChatThatNamedItAndToItsSession() throws Exception {
    Path history =
        Fixtures.copy(Fixtures.AIDER, tmp.resolve("f"))
            .resolve("0xf1e__health-analyzer-poc")
            .resolve(AiderHistory.FILE_NAME);
    try (Store store = store()) {
      store.append(
          List.of(
              StoredRecord.of(commit("e14ab36" + "0".repeat(33), "2025-09-22T12:30:00Z")),
              StoredRecord.of(commit("8717274" + "1".repeat(33), "2025-09-22T15:30:00Z")),
              StoredRecord.of(commit("abcdef0" + "2".repeat(33), "2025-09-22T15:31:00Z"))));
      new SessionIngest(store, repo, Redactor.standard()).finish(history);
    }

    List<Link> links = new ArrayList<>();
    List<Chat> chats = new ArrayList<>();
    List<Session> sessions = new ArrayList<>();
    try (Store store = store()) {
      store.scan(Link.class, l -> links.add(l.data()));
      store.scan(Chat.class, c -> chats.add(c.data()));
      store.scan(Session.class, s -> sessions.add(s.data()));
    }
    Chat script =
        chats.stream().filter(c -> c.query().startsWith("Please write a .sh")).findFirst().get();
    assertTrue(
        links.stream()
            .anyMatch(
                l ->
                    l.kind() == Link.Kind.CHAT_COMMIT
                        && l.from().equals(script.id())
                        && l.to().startsWith("e14ab36")
                        && l.timestamp().equals("2025-09-22T12:30:00Z")),
        links.toString());
    assertEquals(2, sessions.size());
    Chat python = chats.stream().filter(c -> c.query().startsWith("Alrighty!")).findFirst().get();
    Session later =
        sessions.stream().filter(s -> s.chatIds().contains(python.id())).findFirst().get();
    assertEquals(List.of("8717274" + "1".repeat(33)), later.commits());
    assertFalse(links.stream().anyMatch(l -> l.to().startsWith("abcdef0")), links.toString());
  }

  private static Commit commit(String hash, String ts) {
    return commit(hash, ts, "x", List.of("x"));
  }

  private static Commit commit(String hash, String ts, String message, List<String> files) {
    return new Commit(
        hash, message, "a", ts, "main", files, 1, 0, 12, "Monday", false, false, 1, 60L);
  }

  @Test
  void finish_aiderMarkedCommitNotNamed_linkedToItsSessionAndTheChatThatChangedItsFile()
      throws Exception {
    Path history =
        Fixtures.copy(Fixtures.AIDER, tmp.resolve("f"))
            .resolve("0xf1e__health-analyzer-poc")
            .resolve(AiderHistory.FILE_NAME);
    // aider writes local time: the commits are placed in the zone the history is read in
    String late =
        LocalDateTime.parse("2025-09-22T15:30:00")
            .atZone(ZoneId.systemDefault())
            .toInstant()
            .toString();
    String early =
        LocalDateTime.parse("2025-09-22T11:00:00")
            .atZone(ZoneId.systemDefault())
            .toInstant()
            .toString();
    String trailer = "feat: tidy\n\nCo-authored-by: aider (qwen) <aider@aider.chat>";
    List<String> script = List.of("metrics_check.py");
    try (Store store = store()) {
      store.append(
          List.of(
              StoredRecord.of(commit("a".repeat(40), late, trailer, script)),
              StoredRecord.of(commit("b".repeat(40), late, "by hand", script)),
              StoredRecord.of(commit("c".repeat(40), early, trailer, script))));
      new SessionIngest(store, repo, Redactor.standard()).finish(history);
    }

    List<Link> links = new ArrayList<>();
    List<Chat> chats = new ArrayList<>();
    try (Store store = store()) {
      store.scan(Link.class, l -> links.add(l.data()));
      store.scan(Chat.class, c -> chats.add(c.data()));
    }
    Chat python = chats.stream().filter(c -> c.query().startsWith("Alrighty!")).findFirst().get();
    assertTrue(
        links.contains(
            new Link(Link.Kind.CHAT_COMMIT, python.id(), "a".repeat(40), late, "made-by")),
        links.toString());
    assertEquals(
        2, links.stream().filter(l -> l.to().equals("a".repeat(40))).count(), links.toString());
    assertFalse(links.stream().anyMatch(l -> l.to().startsWith("bbbb")), links.toString());
    assertFalse(links.stream().anyMatch(l -> l.to().startsWith("cccc")), links.toString());
  }

  /**
   * Every shared session: its chats are its real prompts (as SOURCES.md counts them), every file an
   * edit tool wrote is in some chat's files_modified, and no response is empty.
   */
  @Test
  void read_everySharedSession_chatsArePromptsEditsCoveredResponsesSaid() throws Exception {
    Path shared = SharedData.require("fixtures/transcripts");
    List<Path> files = new ArrayList<>();
    for (String a : List.of("aider", "cline", "copilot")) {
      files.addAll(SessionImport.transcriptsAt(shared.resolve(a), why -> {}));
    }
    assertEquals(8, files.size(), files.toString());
    for (Path f : files) {
      String name = shared.relativize(f).toString();
      List<Chat> chats = new ArrayList<>();
      TranscriptReader.Reading r =
          TranscriptFormats.readerFor(f.toRealPath())
              .read(
                  f.toRealPath(),
                  0,
                  new PathScope(null, null),
                  true,
                  rec -> {
                    if (rec instanceof Chat c) {
                      chats.add(c);
                    }
                  });

      assertEquals(promptsCounted(shared, f), chats.size(), name);
      assertEquals(0, r.garbage(), name);
      Set<String> modified = new HashSet<>();
      for (Chat c : chats) {
        assertFalse(c.response().isBlank(), name + " " + c.id());
        c.filesModified().forEach(m -> modified.add(basename(m)));
      }
      for (String edited : edited(f)) {
        assertTrue(modified.contains(basename(edited)), name + ": " + edited + " in " + modified);
      }
    }
  }

  /** The prompts SOURCES.md counts for {@code file}, in the row that names it. */
  private static int promptsCounted(Path shared, Path file) throws Exception {
    Path assistant = shared.resolve(shared.relativize(file).getName(0));
    String relative = assistant.relativize(file).toString();
    for (String row : Files.readAllLines(assistant.resolve("SOURCES.md"))) {
      if (row.startsWith("| `" + relative + "`")) {
        Matcher m = PROMPTS.matcher(row);
        assertTrue(m.find(), row);
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("SOURCES.md names no " + relative);
  }

  /** The files the session's edit tools wrote, read from the file itself. */
  private static Set<String> edited(Path f) throws Exception {
    Set<String> out = new HashSet<>();
    String name = f.getFileName().toString();
    if (name.equals(AiderHistory.FILE_NAME)) {
      Matcher m = APPLIED.matcher(Files.readString(f, StandardCharsets.UTF_8));
      while (m.find()) {
        out.add(m.group(1));
      }
    } else if (name.equals(ClineTask.HISTORY)) {
      for (JsonNode message : JSON.readTree(f.toFile())) {
        for (JsonNode b : message.path("content")) {
          String tool = b.path("name").asText();
          if (tool.equals("write_to_file") || tool.equals("replace_in_file")) {
            JsonNode input = b.path("input");
            out.add(input.path("path").asText(input.path("absolutePath").asText()));
          }
        }
      }
    } else {
      Map<String, String> paths = new HashMap<>();
      try (Stream<String> lines = Files.lines(f)) {
        for (String line : lines.toList()) {
          JsonNode e = JSON.readTree(line);
          JsonNode d = e.path("data");
          String tool = d.path("toolName").asText();
          if (e.path("type").asText().equals("tool.execution_start")
              && (tool.equals("create") || tool.equals("edit"))) {
            paths.put(d.path("toolCallId").asText(), d.path("arguments").path("path").asText());
          }
          if (e.path("type").asText().equals("tool.execution_complete")
              && d.path("success").asBoolean()
              && paths.containsKey(d.path("toolCallId").asText())) {
            out.add(paths.get(d.path("toolCallId").asText()));
          }
        }
      }
    }
    return out;
  }

  private static String basename(String path) {
    String[] parts = path.split("[/\\\\]");
    return parts[parts.length - 1];
  }
}
