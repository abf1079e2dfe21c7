package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Fixtures;
import dev.gitml.storage.Store;
import dev.gitml.storage.foreign.SqliteFiles;
import dev.gitml.storage.record.Chat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenCode's {@code opencode.db}, made here in its schema from the storage tree's real session and
 * a made-up one (the move to SQLite keeps each object's JSON in a {@code data} column).
 */
class OpenCodeDatabaseTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private Path storage;
  private Path db;
  private Path repo;

  @BeforeEach
  void setUp() throws Exception {
    storage = Fixtures.copy(Fixtures.OPENCODE_STORAGE, tmp.resolve("opencode"));
    OpenCodeStorageTest.madeSession(storage);
    db = Files.createDirectories(tmp.resolve("data")).resolve("opencode.db");
    database(storage, db);
    repo = Files.createDirectories(tmp.resolve("repo"));
    DataDir.of(repo).initialize();
  }

  /** Writes the tree's sessions, messages and parts into {@code db} as OpenCode migrates them. */
  static void database(Path storage, Path db) throws IOException {
    SqliteFiles.execute(
        db,
        "PRAGMA journal_mode = WAL",
        "CREATE TABLE session (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, parent_id TEXT,"
            + " slug TEXT, directory TEXT NOT NULL, title TEXT NOT NULL, version TEXT,"
            + " time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL)",
        "CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT NOT NULL,"
            + " time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL, data TEXT NOT NULL)",
        "CREATE TABLE part (id TEXT PRIMARY KEY, message_id TEXT NOT NULL,"
            + " session_id TEXT NOT NULL, time_created INTEGER NOT NULL,"
            + " time_updated INTEGER NOT NULL, data TEXT NOT NULL)");
    List<Object[]> sessions = new ArrayList<>();
    List<Object[]> messages = new ArrayList<>();
    List<Object[]> parts = new ArrayList<>();
    try (Stream<Path> s = Files.walk(storage)) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        String rel = storage.relativize(f).toString();
        if (!rel.endsWith(".json") || rel.startsWith("project") || rel.startsWith("session_")) {
          continue;
        }
        ObjectNode n = (ObjectNode) JSON.readTree(f.toFile());
        long created = n.path("time").path("created").asLong(1764265490000L);
        if (rel.startsWith("session/")) {
          sessions.add(
              new Object[] {
                n.path("id").asText(),
                n.path("projectID").asText(),
                n.path("parentID").asText(null),
                null,
                n.path("directory").asText(),
                n.path("title").asText(),
                n.path("version").asText(null),
                created,
                n.path("time").path("updated").asLong(created)
              });
        } else if (rel.startsWith("message/")) {
          String id = n.remove("id").asText();
          String session = n.remove("sessionID").asText();
          messages.add(new Object[] {id, session, created, created, n.toString()});
        } else {
          String id = n.remove("id").asText();
          String message = n.remove("messageID").asText();
          JsonNode session = n.remove("sessionID");
          String ses = session == null ? sessionOf(storage, message) : session.asText();
          parts.add(new Object[] {id, message, ses, created, created, n.toString()});
        }
      }
    }
    SqliteFiles.insert(db, "session", sessions);
    SqliteFiles.insert(db, "message", messages);
    SqliteFiles.insert(db, "part", parts);
  }

  private static String sessionOf(Path storage, String message) throws IOException {
    try (Stream<Path> s = Files.list(storage.resolve("message"))) {
      for (Path dir : s.toList()) {
        if (Files.exists(dir.resolve(message + ".json"))) {
          return dir.getFileName().toString();
        }
      }
    }
    return "";
  }

  private List<Chat> chats(Store store) throws IOException {
    List<Chat> out = new ArrayList<>();
    store.scan(Chat.class, c -> out.add(c.data()));
    out.sort((a, b) -> a.id().compareTo(b.id()));
    return out;
  }

  @Test
  void finish_database_sameChatsAsTheStorageTree() throws Exception {
    List<Chat> fromDb;
    List<Chat> fromTree;
    try (Store store = Store.open(DataDir.of(repo))) {
      SessionIngest.Result r = new SessionIngest(store, repo, Redactor.standard()).finish(db);
      assertEquals(2, r.sessions());
      assertEquals(4, r.chats());
      assertEquals(0, r.garbage() - 1); // the made session's unknown part
      fromDb = chats(store);
    }
    Path other = Files.createDirectories(tmp.resolve("repo2"));
    DataDir.of(other).initialize();
    try (Store store = Store.open(DataDir.of(other))) {
      SessionIngest ingest = new SessionIngest(store, repo, Redactor.standard());
      for (Path f : SessionImport.transcriptsAt(storage, why -> {})) {
        ingest.finish(f);
      }
      fromTree = chats(store);
    }
    assertEquals(fromTree, fromDb);
    assertTrue(fromDb.stream().noneMatch(c -> c.response().isBlank()));
  }

  @Test
  void import_folderWithTheDatabase_foundAndReimportAddsNothing() throws Exception {
    List<Path> files = SessionImport.transcriptsAt(db.getParent(), why -> {});
    assertEquals(List.of(db.toRealPath()), files);
    try (Store store = Store.open(DataDir.of(repo))) {
      SessionImport.Result first = new SessionImport(store, repo).run(files, null, p -> {});
      assertEquals(0, first.failed());
      assertEquals(4, first.chats());
      assertEquals(0, new SessionImport(store, repo).run(files, null, p -> {}).added());
    }
  }

  @Test
  void update_sessionGrows_onlyThatSessionReadAgain() throws Exception {
    try (Store store = Store.open(DataDir.of(repo))) {
      SessionIngest ingest = new SessionIngest(store, repo, Redactor.standard());
      SessionIngest.Result first = ingest.update(db);
      assertEquals(2, first.chats()); // each session's last chat is still open
      assertEquals(0, ingest.update(db).chats()); // nothing changed: nothing read

      SqliteFiles.insert(
          db,
          "message",
          List.<Object[]>of(
              new Object[] {
                "msg_07",
                "ses_made1",
                1764265500000L,
                1764265500000L,
                "{\"role\":\"user\",\"time\":{\"created\":1764265500000}}"
              }));
      SqliteFiles.insert(
          db,
          "part",
          List.<Object[]>of(
              new Object[] {
                "prt_20",
                "msg_07",
                "ses_made1",
                1764265500000L,
                1764265500000L,
                "{\"type\":\"text\",\"text\":\"and ship it\"}"
              }));
      SqliteFiles.execute(
          db, "UPDATE session SET time_updated = 1764265500001 WHERE id = 'ses_made1'");
      SessionIngest.Result grown = ingest.update(db);

      assertEquals(2, grown.chats()); // the made session's two, the new prompt still open
      assertEquals(2, grown.added()); // "now test it", closed by the new prompt, and its bash use
      List<Chat> chats = chats(store);
      assertEquals(3, chats.size());
      assertFalse(chats.stream().anyMatch(c -> c.query().equals("and ship it")));
    }
  }

  @Test
  void finish_sqliteOfAnotherTool_oneClearError() throws Exception {
    Path other = tmp.resolve("other.db");
    SqliteFiles.execute(other, "CREATE TABLE t (x)");
    try (Store store = Store.open(DataDir.of(repo))) {
      IOException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IOException.class,
              () -> new SessionIngest(store, repo, Redactor.standard()).finish(other));
      assertTrue(e.getMessage().contains("neither OpenCode's nor Cursor's"), e.getMessage());
    }
  }
}
