package dev.gitml.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StoredRecord;
import dev.gitml.storage.search.SearchHit;
import dev.gitml.storage.search.SearchKind;
import dev.gitml.storage.search.SearchQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSearchTest {
  @TempDir Path tmp;

  private static StoredRecord chat(String id, String query, String response) {
    return StoredRecord.of(
        new Chat(
            id,
            "2026-01-10T10:00:00Z",
            "session-1",
            query,
            response,
            List.of(),
            List.of("src/Login.java"),
            List.of("Edit"),
            List.of(),
            null,
            null,
            null,
            "claude-code",
            "claude-opus-4-5",
            null,
            null,
            null));
  }

  private static StoredRecord bash(String id, String command) {
    return StoredRecord.of(
        new Action(
            id,
            "2026-01-10T10:01:00Z",
            "session-1",
            "Bash",
            command,
            true,
            12L,
            dev.gitml.storage.json.Mappers.JSON.createObjectNode().put("command", command)));
  }

  private List<StoredRecord> sample() {
    List<StoredRecord> records = new ArrayList<>(TestStores.commits(0, 30));
    for (int i = 0; i < 30; i++) {
      records.add(TestStores.fullCommit(i));
    }
    records.add(chat("chat-a", "Fix the login timeout on slow networks", "Raised the timeout."));
    records.add(chat("chat-b", "Rename the parser", "Renamed it to Lexer."));
    records.add(bash("toolu_1", "mvn -q verify -Dtest=LoginTest"));
    return records;
  }

  @Test
  void search_wordsOfAPrompt_findsThatChatFirst() throws Exception {
    try (Store store = Store.open(TestStores.dataDir(tmp, 1 << 20))) {
      store.append(sample());

      List<SearchHit> hits = store.search(SearchQuery.of("login timeout", 5));

      assertEquals(SearchKind.CHAT, hits.get(0).kind());
      assertEquals("chat-a", hits.get(0).key());
      assertEquals("claude-code", hits.get(0).assistant());
      assertTrue(hits.get(0).snippet().contains("**login**"), hits.get(0).snippet());
    }
  }

  @Test
  void search_commitMessageAndHunk_givesCommitAndDiffWithPlace() throws Exception {
    try (Store store = Store.open(TestStores.dataDir(tmp, 1 << 20))) {
      store.append(sample());

      List<SearchHit> commits =
          store.search(new SearchQuery("change 17", Set.of(SearchKind.COMMIT), null, 0, 3));
      List<SearchHit> diffs =
          store.search(new SearchQuery("x 17", Set.of(SearchKind.DIFF), null, 0, 3));

      assertEquals(String.format("%040x", 18), commits.get(0).key());
      assertEquals(SearchKind.DIFF, diffs.get(0).kind());
      assertEquals("src/F0.java:27", diffs.get(0).place());
    }
  }

  @Test
  void search_queryWithFtsSyntax_readsItAsWords() throws Exception {
    try (Store store = Store.open(TestStores.dataDir(tmp, 1 << 20))) {
      store.append(sample());

      List<SearchHit> hits = store.search(SearchQuery.of("\"-Dtest=LoginTest\" AND * NEAR(", 5));
      List<SearchHit> none = store.search(SearchQuery.of("***", 5));

      assertEquals("toolu_1", hits.get(0).key());
      assertEquals(SearchKind.ACTION, hits.get(0).kind());
      assertTrue(none.isEmpty());
    }
  }

  @Test
  void search_noRecordHasEveryWord_fallsBackToAnyWord() throws Exception {
    try (Store store = Store.open(TestStores.dataDir(tmp, 1 << 20))) {
      store.append(sample());

      List<SearchHit> hits = store.search(SearchQuery.of("parser zeppelin", 5));

      assertEquals("chat-b", hits.get(0).key());
    }
  }

  @Test
  void append_sameRecordTwiceInOneBatch_indexedOnceAndSnippetFromTheRecord() throws Exception {
    try (Store store = Store.open(TestStores.dataDir(tmp, 1 << 20))) {
      StoredRecord one = chat("chat-a", "Fix the login timeout", "Raised the timeout.");
      store.append(List.of(one, one, bash("toolu_1", "mvn verify")));

      List<SearchHit> hits = store.search(SearchQuery.of("timeout", 5));

      assertEquals(1, hits.size());
      assertEquals("Fix the login **timeout**", hits.get(0).snippet());
    }
  }

  @Test
  void search_chatStoredTwiceAsItGrew_isOneHit() throws Exception {
    try (Store store = Store.open(TestStores.dataDir(tmp, 1 << 20))) {
      store.append(List.of(chat("chat-a", "Fix the login timeout", "Working on it.")));
      store.append(List.of(chat("chat-a", "Fix the login timeout", "Raised the timeout.")));

      List<SearchHit> hits = store.search(SearchQuery.of("login", 5));

      assertEquals(1, hits.size());
    }
  }

  @Test
  void search_afterReindex_findsTheSame() throws Exception {
    try (Store store = Store.open(TestStores.dataDir(tmp, 4 * 1024))) {
      store.append(sample());
      store.sealAll();
      List<SearchHit> before = store.search(SearchQuery.of("change int", 50));

      store.reindex();

      assertEquals(before, store.search(SearchQuery.of("change int", 50)));
    }
  }

  /** Runs {@code sql} on one of the store's SQLite files. */
  private static void sql(Path file, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  private static long count(Path file, String sql) throws Exception {
    return count(file, sql, null);
  }

  /** A count from {@code file}, with {@code attached} (if any) attached as {@code s}. */
  private static long count(Path file, String sql, Path attached) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      if (attached != null) {
        s.execute("ATTACH DATABASE '" + attached + "' AS s");
      }
      try (ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** A store of {@link #sample()}, closed. */
  private DataDir storedSample() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 4 * 1024);
    try (Store store = Store.open(dir)) {
      store.append(sample());
    }
    return dir;
  }

  private static final SearchQuery LOGIN =
      new SearchQuery("login timeout", Set.of(SearchKind.CHAT), null, 0, 5);

  @Test
  void search_searchIndexDeleted_addsEveryRecordAgain() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 4 * 1024);
    List<SearchHit> before;
    try (Store store = Store.open(dir)) {
      store.append(sample());
      store.sealAll();
      before = store.search(SearchQuery.of("change int", 50));
    }
    SearchIndexer.deleteFiles(SearchIndexer.fileBeside(dir.index()));

    try (Store store = Store.open(dir)) {
      assertEquals("chat-a", store.search(LOGIN).get(0).key());
      assertEquals(before, store.search(SearchQuery.of("change int", 50)));
    }
  }

  @Test
  void search_searchIndexDamaged_madeAgainAndFindsEverything() throws Exception {
    DataDir dir = storedSample();
    Path search = SearchIndexer.fileBeside(dir.index());
    SearchIndexer.deleteFiles(search);
    Files.write(
        search, "not a database, not at all: gitml must make it again".repeat(100).getBytes());

    try (Store store = Store.open(dir)) {
      assertEquals("chat-a", store.search(LOGIN).get(0).key());
    }
  }

  @Test
  void search_piecesLeftToAThreadThatStopped_addedAgainFromTheChunks() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 4 * 1024);
    List<SearchHit> before;
    try (Store store = Store.open(dir)) {
      store.append(sample());
      before = store.search(SearchQuery.of("change int", 50));
    }
    Path search = SearchIndexer.fileBeside(dir.index());
    // what a process killed before its search thread added the pieces leaves behind
    sql(search, "DELETE FROM search_docs");
    sql(
        dir.index(),
        "INSERT INTO search_todo(first, last, created) SELECT 1, max(rowid), 0 FROM records");

    try (Store store = Store.open(dir)) {
      assertEquals("chat-a", store.search(LOGIN).get(0).key());
      assertEquals(before, store.search(SearchQuery.of("change int", 50)));
    }
    assertEquals(0, count(dir.index(), "SELECT count(*) FROM search_todo"));
  }

  @Test
  void search_piecesHandedOverRecently_leftToTheirOwnThread() throws Exception {
    DataDir dir = storedSample();
    Path search = SearchIndexer.fileBeside(dir.index());
    sql(search, "DELETE FROM search_docs");
    // a row just left: its process may still be adding them (the next open after a minute adds)
    sql(
        dir.index(),
        "INSERT INTO search_todo(first, last, created) SELECT 1, max(rowid),"
            + " unixepoch('now') * 1000 FROM records");

    try (Store store = Store.open(dir)) {
      assertTrue(store.search(LOGIN).isEmpty());
    }
    assertEquals(1, count(dir.index(), "SELECT count(*) FROM search_todo"));
  }

  @Test
  void search_recordNoLongerIndexed_itsPiecesPassedOver() throws Exception {
    DataDir dir = storedSample();
    sql(
        dir.index(),
        "DELETE FROM records WHERE id = x'"
            + chat("chat-a", "Fix the login timeout on slow networks", "Raised the timeout.").id()
            + "'");

    try (Store store = Store.open(dir)) {
      assertTrue(store.search(LOGIN).isEmpty());
      assertEquals(1, store.search(SearchQuery.of("Rename parser", 5)).size());
    }
  }

  @Test
  void append_twoStoresAtOnce_everyRecordSearchable() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 64 * 1024);
    List<Exception> failed = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      int writer = w;
      writers.add(
          new Thread(
              () -> {
                try (Store store = Store.open(dir)) {
                  for (int b = 0; b < 30; b++) {
                    List<StoredRecord> batch = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                      batch.add(chat("w" + writer + "-" + b + "-" + i, "zebra crossing", "ok"));
                    }
                    store.append(batch);
                  }
                  problems.addAll(store.problems());
                } catch (Exception e) {
                  failed.add(e);
                }
              }));
    }
    writers.forEach(Thread::start);
    for (Thread t : writers) {
      t.join();
    }

    assertEquals(List.of(), failed);
    assertEquals(List.of(), problems);
    try (Store store = Store.open(dir)) {
      assertEquals(1, store.search(SearchQuery.of("zebra", 1)).size());
    }
    assertEquals(
        0,
        count(
            dir.index(),
            "SELECT count(*) FROM records r WHERE NOT EXISTS (SELECT 1 FROM s.search_docs d"
                + " WHERE d.rec = r.id)",
            SearchIndexer.fileBeside(dir.index())));
  }

  @Test
  void search_manyPiecesOfRemovedRecordsRankFirst_stillFindsTheLiveOne() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 64 * 1024);
    List<StoredRecord> gone = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      gone.add(chat("gone-" + i, "zebra zebra zebra", "zebra"));
    }
    try (Store store = Store.open(dir)) {
      store.append(gone);
      store.append(
          List.of(chat("live", "a zebra", "somewhere in a long answer about other things")));
    }
    // removed from the index, their pieces not (a kill before the search thread removed them)
    sql(dir.index(), "DELETE FROM records WHERE key LIKE 'gone-%'");

    try (Store store = Store.open(dir)) {
      List<SearchHit> hits = store.search(SearchQuery.of("zebra", 3));
      assertEquals(1, hits.size());
      assertEquals("live", hits.get(0).key());
    }
  }

  @Test
  void search_anotherStoreAddedSinceTheLastSearch_findsIt() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 64 * 1024);
    try (Store first = Store.open(dir)) {
      first.append(List.of(chat("a", "zebra", "one")));
      assertEquals(1, first.search(SearchQuery.of("zebra", 5)).size());
      try (Store second = Store.open(dir)) {
        second.append(List.of(chat("b", "zebra", "two")));
      }

      assertEquals(2, first.search(SearchQuery.of("zebra", 5)).size());
      first.append(List.of(chat("c", "zebra", "three"))); // its writes were not blocked either
      assertEquals(3, first.search(SearchQuery.of("zebra", 5)).size());
      assertEquals(List.of(), first.problems());
    }
  }

  @Test
  void open_searchIndexOfAnotherVersion_madeAgainInPlace() throws Exception {
    DataDir dir = storedSample();
    Path search = SearchIndexer.fileBeside(dir.index());
    sql(search, "UPDATE meta SET value = '0' WHERE key = 'schema'");
    Object before = Files.readAttributes(search, BasicFileAttributes.class).fileKey();

    try (Store store = Store.open(dir)) {
      assertEquals("chat-a", store.search(LOGIN).get(0).key());
    }
    assertEquals(before, Files.readAttributes(search, BasicFileAttributes.class).fileKey());
  }

  @Test
  void open_searchIndexMadeButTheIndexNotYetReset_resetsItAgain() throws Exception {
    DataDir dir = storedSample();
    Path search = SearchIndexer.fileBeside(dir.index());
    SearchIndexer.deleteFiles(search);
    try (Store store = Store.open(dir)) {
      store.search(LOGIN);
    }
    // as if killed after the search index was made and before the index was reset: no version,
    // no pieces
    sql(search, "DELETE FROM meta");
    sql(search, "DELETE FROM search_docs");

    try (Store store = Store.open(dir)) {
      assertEquals("chat-a", store.search(LOGIN).get(0).key());
    }
  }

  @Test
  @SuppressWarnings("try") // the lock is held for the block, never used in it
  void close_storeLockHeldElsewhere_closesWithoutWaiting() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 4 * 1024);
    Store store = Store.open(dir);
    store.append(sample());
    java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Thread holder =
        new Thread(
            () -> {
              try (StoreLock.Held h = new StoreLock(dir.lockFile()).acquire()) {
                held.countDown();
                release.await();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    holder.start();
    held.await();

    long start = System.nanoTime();
    store.close();
    long millis = (System.nanoTime() - start) / 1_000_000;
    release.countDown();
    holder.join();

    assertTrue(millis < 5_000, "close waited " + millis + " ms");
    try (Store again = Store.open(dir)) {
      assertEquals("chat-a", again.search(LOGIN).get(0).key());
    }
  }

  @Test
  void append_then_closed_leavesNoSearchTodo() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 4 * 1024);
    try (Store store = Store.open(dir)) {
      store.append(sample());
      store.append(List.of(chat("chat-c", "Add a retry", "Added.")));
    }
    assertEquals(0, count(dir.index(), "SELECT count(*) FROM search_todo"));
  }

  @Test
  void search_recordDroppedByCompaction_isNoLongerFound() throws Exception {
    try (Store store = Store.open(TestStores.dataDir(tmp, 1 << 20))) {
      store.append(sample());
      store.sealAll();

      store.compact(r -> r.type() == RecordType.CHAT);

      assertTrue(
          store.search(new SearchQuery("login", Set.of(SearchKind.CHAT), null, 0, 5)).isEmpty());
      assertEquals(1, store.search(SearchQuery.of("LoginTest", 5)).size());
    }
  }

  @Test
  void search_filters_keepOnlyThatAssistantAndTime() throws Exception {
    try (Store store = Store.open(TestStores.dataDir(tmp, 1 << 20))) {
      store.append(sample());

      long after = java.time.Instant.parse("2026-01-11T00:00:00Z").toEpochMilli();
      assertTrue(store.search(new SearchQuery("login", Set.of(), null, after, 5)).isEmpty());
      assertTrue(store.search(new SearchQuery("login", Set.of(), "codex", 0, 5)).isEmpty());
      assertEquals(
          "chat-a",
          store.search(new SearchQuery("login", Set.of(), "claude-code", 0, 5)).get(0).key());
    }
  }

  @Test
  void find_abbreviatedHash_givesTheCommitAndItsFullRecord() throws Exception {
    try (Store store = Store.open(TestStores.dataDir(tmp, 1 << 20))) {
      store.append(sample());
      String hash = String.format("%040x", 18);

      List<StoredRecord> found = store.find(hash.substring(0, 12));
      List<StoredRecord> byId = store.find(found.get(0).id());

      assertEquals(
          Set.of(RecordType.COMMIT, RecordType.COMMIT_FULL),
          Set.copyOf(found.stream().map(StoredRecord::type).toList()));
      assertEquals(found.get(0), byId.get(0));
      assertTrue(store.find("nothing-like-this").isEmpty());
    }
  }
}
