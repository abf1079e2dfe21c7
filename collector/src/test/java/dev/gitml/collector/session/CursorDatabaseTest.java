package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.foreign.SqliteFiles;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cursor's {@code state.vscdb}. Cursor has no real fixture: the database is made here in the shape
 * the editor writes ({@code cursorDiskKV}: {@code composerData:<id>} with bubble headers, {@code
 * bubbleId:<composer>:<bubble>} values; an older composer with its conversation inline).
 */
class CursorDatabaseTest {
  private static final String C1 = "6b1c7a52-0d7e-4c55-9b7a-1f2e3d4c5b6a";
  private static final String C2 = "9f8e7d6c-5b4a-4392-8170-6a5b4c3d2e1f";

  @TempDir Path tmp;
  private Path db;
  private Path repo;

  /**
   * Writes a {@code state.vscdb} with a current composer, an older one and an empty one; code
   * blocks name files under {@code workspace}.
   */
  static void stateDb(Path db, String workspace) throws IOException {
    SqliteFiles.execute(
        db,
        "CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)",
        "CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)");
    List<Object[]> rows = new ArrayList<>();
    rows.add(
        kv(
            "composerData:" + C1,
            "{\"_v\":10,\"composerId\":\""
                + C1
                + "\",\"name\":\"Health check\","
                + "\"createdAt\":1766691308486,\"lastUpdatedAt\":1766692125731,"
                + "\"modelConfig\":{\"modelName\":\"claude-4.5-sonnet\",\"maxMode\":false},"
                + "\"fullConversationHeadersOnly\":[{\"bubbleId\":\"b1\",\"type\":1},"
                + "{\"bubbleId\":\"b2\",\"type\":2},{\"bubbleId\":\"b3\",\"type\":2},"
                + "{\"bubbleId\":\"b4\",\"type\":2},{\"bubbleId\":\"b5\",\"type\":30},"
                + "{\"bubbleId\":\"b6\",\"type\":1},{\"bubbleId\":\"b7\",\"type\":2},"
                + "{\"bubbleId\":\"gone\",\"type\":2}]}"));
    rows.add(
        kv(
            "bubbleId:" + C1 + ":b1",
            "{\"_v\":3,\"type\":1,\"bubbleId\":\"b1\",\"text\":\"add a health check route\","
                + "\"createdAt\":\"2025-12-25T19:35:10.000Z\"}"));
    rows.add(
        kv(
            "bubbleId:" + C1 + ":b2",
            "{\"_v\":3,\"type\":2,\"bubbleId\":\"b2\",\"text\":\"\","
                + "\"createdAt\":\"2025-12-25T19:35:12.000Z\",\"toolFormerData\":{\"tool\":7,"
                + "\"name\":\"read_file\",\"toolCallId\":\"toolu_1\",\"status\":\"completed\","
                + "\"rawArgs\":\"{\\\"target_file\\\":\\\"src/server.ts\\\"}\","
                + "\"result\":\"{\\\"contents\\\":\\\"...\\\"}\"},"
                + "\"tokenCount\":{\"inputTokens\":1200,\"outputTokens\":40}}"));
    rows.add(
        kv(
            "bubbleId:" + C1 + ":b3",
            "{\"_v\":3,\"type\":2,\"bubbleId\":\"b3\",\"text\":\"\",\"toolFormerData\":{"
                + "\"name\":\"edit_file\",\"toolCallId\":\"toolu_2\",\"status\":\"completed\","
                + "\"params\":\"{\\\"relativeWorkspacePath\\\":\\\"src/health.ts\\\"}\"},"
                + "\"codeBlocks\":[{\"uri\":{\"scheme\":\"file\",\"fsPath\":\"/w/api/src/health.ts\","
                + "\"path\":\"/w/api/src/health.ts\"},\"content\":\"x\",\"codeBlockIdx\":0}],"
                + "\"thinking\":{\"text\":\"A route file.\"}}"));
    rows.add(
        kv(
            "bubbleId:" + C1 + ":b4",
            "{\"_v\":3,\"type\":2,\"bubbleId\":\"b4\",\"text\":\"Added `/health`.\","
                + "\"toolFormerData\":{\"name\":\"search_replace\",\"toolCallId\":\"toolu_3\","
                + "\"status\":\"error\",\"rawArgs\":\"{\\\"file_path\\\":\\\"src/nope.ts\\\"}\"},"
                + "\"tokenCount\":{\"inputTokens\":300,\"outputTokens\":60}}"));
    rows.add(kv("bubbleId:" + C1 + ":b5", "{\"type\":30,\"text\":\"?\"}"));
    rows.add(
        kv(
            "bubbleId:" + C1 + ":b6",
            "{\"type\":1,\"bubbleId\":\"b6\",\"text\":\"thanks\","
                + "\"modelInfo\":{\"modelName\":\"gpt-5\"}}"));
    rows.add(
        kv(
            "bubbleId:" + C1 + ":b7",
            "{\"type\":2,\"bubbleId\":\"b7\",\"text\":\"\",\"thinking\":{\"text\":\"Nothing to do.\"}}"));
    rows.add(kv("bubbleId:" + C1 + "0:b1", "{\"type\":1,\"text\":\"another composer's\"}"));
    rows.add(
        kv(
            "composerData:" + C2,
            "{\"composerId\":\""
                + C2
                + "\",\"createdAt\":1730000000000,\"conversation\":["
                + "{\"type\":1,\"bubbleId\":\"o1\",\"text\":\"explain this\"},"
                + "{\"type\":2,\"bubbleId\":\"o2\",\"text\":\"It parses flags.\"}]}"));
    rows.add(
        kv(
            "composerData:empty",
            "{\"composerId\":\"empty\",\"createdAt\":1766538343722,"
                + "\"fullConversationHeadersOnly\":[],\"conversationMap\":{}}"));
    for (Object[] row : rows) {
      row[1] = ((String) row[1]).replace("/w/api", workspace).getBytes(StandardCharsets.UTF_8);
    }
    SqliteFiles.insert(db, "cursorDiskKV", rows);
  }

  private static Object[] kv(String key, String value) {
    return new Object[] {key, value};
  }

  @BeforeEach
  void setUp() throws Exception {
    repo = Files.createDirectories(tmp.resolve("w/api")).toRealPath();
    db = Files.createDirectories(tmp.resolve("User/globalStorage")).resolve("state.vscdb");
    stateDb(db, repo.toString());
    DataDir.of(repo).initialize();
  }

  private record Stored(List<Chat> chats, List<Action> actions, List<Session> sessions) {}

  private Stored stored(Store store) throws IOException {
    List<Chat> chats = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    List<Session> sessions = new ArrayList<>();
    store.scan(Chat.class, c -> chats.add(c.data()));
    store.scan(Action.class, a -> actions.add(a.data()));
    store.scan(Session.class, s -> sessions.add(s.data()));
    chats.sort(Comparator.comparing(Chat::id));
    return new Stored(chats, actions, sessions);
  }

  @Test
  void finish_stateDb_composersAreSessionsBubblesAreChats() throws Exception {
    Stored s;
    SessionIngest.Result r;
    try (Store store = Store.open(DataDir.of(repo))) {
      r = new SessionIngest(store, repo, Redactor.standard()).finish(db);
      s = stored(store);
    }
    assertEquals(2, r.sessions()); // the empty composer is not one
    assertEquals(2, r.garbage()); // the bubble of unknown type, the header without its bubble
    assertEquals(
        List.of("add a health check route", "thanks", "explain this"),
        s.chats().stream().map(Chat::query).toList());
    Chat health = s.chats().get(0);
    assertEquals("cursor-" + C1 + "-b1", health.id());
    assertEquals("Added `/health`.", health.response());
    assertEquals(List.of("src/health.ts"), health.filesModified()); // the failed edit is not
    assertEquals(List.of("src/server.ts"), health.filesReferenced());
    assertEquals(List.of("read_file", "edit_file", "search_replace"), health.toolsUsed());
    assertEquals("claude-4.5-sonnet", health.model());
    assertEquals(1500, health.queryTokens());
    assertEquals(100, health.responseTokens());
    assertEquals("2025-12-25T19:35:10.000Z", health.timestamp());
    assertEquals("cursor", health.assistant());
    Chat thanks = s.chats().get(1);
    assertEquals("Nothing to do.", thanks.response());
    assertEquals("gpt-5", thanks.model());
    assertNull(thanks.queryTokens());
    Chat old = s.chats().get(2);
    assertEquals("It parses flags.", old.response());
    assertEquals("2024-10-27T03:33:20Z", old.timestamp());
    assertEquals(3, s.actions().size());
    assertEquals(
        List.of(true, true, false),
        s.actions().stream()
            .sorted(Comparator.comparing(Action::id))
            .map(Action::success)
            .toList());
    assertEquals(2, s.sessions().size());
    assertFalse(s.chats().stream().anyMatch(c -> c.response().isBlank()));
  }

  @Test
  void import_cursorUserFolder_stateDbFoundAndReimportAddsNothing() throws Exception {
    List<Path> files = SessionImport.transcriptsAt(tmp.resolve("User"), why -> {});
    assertEquals(List.of(db.toRealPath()), files);
    try (Store store = Store.open(DataDir.of(repo))) {
      SessionImport.Result first = new SessionImport(store, repo).run(files, null, p -> {});
      assertEquals(0, first.failed());
      assertEquals(3, first.chats());
      assertEquals(0, new SessionImport(store, repo).run(files, null, p -> {}).added());
    }
  }

  @Test
  void update_unchangedComposers_notReadAgain() throws Exception {
    try (Store store = Store.open(DataDir.of(repo))) {
      SessionIngest ingest = new SessionIngest(store, repo, Redactor.standard());
      assertEquals(1, ingest.update(db).chats()); // each composer's last chat is still open
      assertEquals(0, ingest.update(db).chats());
    }
  }

  @Test
  void open_whileTheEditorWrites_readOnlyAndTheFileUnchanged() throws Exception {
    byte[] before = Files.readAllBytes(db);
    try (Store store = Store.open(DataDir.of(repo))) {
      new SessionIngest(store, repo, Redactor.standard()).finish(db);
    }
    assertEquals(
        java.util.Arrays.toString(before), java.util.Arrays.toString(Files.readAllBytes(db)));
  }
}
