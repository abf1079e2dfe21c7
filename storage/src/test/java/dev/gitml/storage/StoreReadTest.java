package dev.gitml.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.RecordCodec;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.Run;
import dev.gitml.storage.record.Stored;
import dev.gitml.storage.record.StoredRecord;
import dev.gitml.storage.record.Timestamps;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The named reads of {@link Store}: values are bound, never pasted into SQL. */
class StoreReadTest {
  private static final String QUOTED = "chat-o'brien \"x\"; DROP TABLE records; --";

  @TempDir Path tmp;

  private static StoredRecord chat(String id, String time, String response) {
    return StoredRecord.of(
        new Chat(
            id,
            time,
            "s-1",
            "why?",
            response,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "claude-code",
            null,
            null,
            null,
            null));
  }

  private Store store() throws Exception {
    return Store.open(TestStores.dataDir(tmp, 1 << 20));
  }

  @Test
  void keys_commitsStoredOnTwoPaths_eachHashOnce() throws Exception {
    try (Store store = store()) {
      store.append(TestStores.commits(0, 5));
      store.append(List.of(TestStores.fullCommit(0)));

      assertEquals(5, store.keys(RecordType.COMMIT).size());
      assertTrue(store.keys(RecordType.COMMIT).contains(String.format("%040x", 1)));
      assertEquals(Set.of(String.format("%040x", 1)), store.keys(RecordType.COMMIT_FULL));
    }
  }

  @Test
  void containsKey_idWithQuotes_foundAndNotMatchedByInjection() throws Exception {
    try (Store store = store()) {
      store.append(List.of(chat(QUOTED, "2026-01-01T10:00:00Z", "an answer")));

      assertTrue(store.containsKey(RecordType.CHAT, QUOTED));
      assertFalse(store.containsKey(RecordType.CHAT, "x' OR '1'='1"));
      assertFalse(store.containsKey(RecordType.COMMIT, QUOTED));
    }
  }

  @Test
  void repeatedKeys_chatStoredAgainWhenItGrew_returnsItsIdOnly() throws Exception {
    try (Store store = store()) {
      store.append(
          List.of(
              chat(QUOTED, "2026-01-01T10:00:00Z", "first"),
              chat(QUOTED, "2026-01-01T10:00:00Z", "first, and more"),
              chat("chat-2", "2026-01-01T11:00:00Z", "once")));

      assertEquals(Set.of(QUOTED), store.repeatedKeys(RecordType.CHAT));
      assertEquals(Set.of(), store.repeatedKeys(RecordType.COMMIT));
    }
  }

  @Test
  void replacedKeys_supersedesLink_returnsTheOldHash() throws Exception {
    try (Store store = store()) {
      store.append(
          List.of(
              StoredRecord.of(new Link(Link.Kind.SUPERSEDES, "new'1", "old'1", null, "amend")),
              StoredRecord.of(new Link(Link.Kind.CHAT_COMMIT, "c", "h", null, "t"))));

      assertEquals(Set.of("old'1"), store.replacedKeys());
    }
  }

  @Test
  void firstRecorded_keysFirstSeenInWindow_oneTimeEach() throws Exception {
    try (Store store = store()) {
      store.append(
          List.of(
              chat("early", "2026-01-01T10:00:00Z", "a"),
              chat(QUOTED, "2026-01-03T10:00:00Z", "a"),
              chat(QUOTED, "2026-01-04T10:00:00Z", "a, later"),
              chat("late", "2026-01-09T10:00:00Z", "a")));
      long from = Timestamps.millisOrZero("2026-01-02T00:00:00Z");
      long to = Timestamps.millisOrZero("2026-01-05T00:00:00Z");

      assertEquals(
          List.of(Timestamps.millisOrZero("2026-01-03T10:00:00Z")),
          store.firstRecorded(RecordType.CHAT, from, to));
    }
  }

  @Test
  void timeAtShare_tenCommits_timeOfTheRecordAtThatRank() throws Exception {
    try (Store store = store()) {
      assertEquals(OptionalLong.empty(), store.timeAtShare(RecordType.COMMIT, 0.8));
      store.append(TestStores.commits(0, 10)); // commit i at 2026-01-(i+1)

      assertEquals(
          OptionalLong.of(TestStores.commit(8).ts()), store.timeAtShare(RecordType.COMMIT, 0.8));
      assertEquals(
          OptionalLong.of(TestStores.commit(9).ts()), store.timeAtShare(RecordType.COMMIT, 1.0));
      assertEquals(
          OptionalLong.of(TestStores.commit(0).ts()), store.timeAtShare(RecordType.COMMIT, 0));
    }
  }

  @Test
  void timeAtShare_window_rankAmongTheRecordsInsideIt() throws Exception {
    try (Store store = store()) {
      store.append(TestStores.commits(0, 10)); // commit i at 2026-01-(i+1)

      assertEquals(
          OptionalLong.of(TestStores.commit(8).ts()),
          store.timeAtShare(RecordType.COMMIT, 0.6, TestStores.commit(5).ts(), Long.MAX_VALUE));
      assertEquals(
          OptionalLong.empty(),
          store.timeAtShare(RecordType.COMMIT, 0.5, TestStores.commit(9).ts() + 1, Long.MAX_VALUE));
    }
  }

  @Test
  void between_commitsInWindow_typedOldestFirst() throws Exception {
    try (Store store = store()) {
      List<StoredRecord> commits = new ArrayList<>(TestStores.commits(0, 10));
      java.util.Collections.reverse(commits);
      store.append(commits);

      List<Stored<Commit>> got =
          store.between(Commit.class, TestStores.commit(2).ts(), TestStores.commit(4).ts());

      assertEquals(
          List.of(String.format("%040x", 3), String.format("%040x", 4), String.format("%040x", 5)),
          got.stream().map(c -> c.data().hash()).toList());
      assertEquals(TestStores.commit(2).id(), got.get(0).id());
      assertEquals(TestStores.commit(2).ts(), got.get(0).ts());
    }
  }

  @Test
  void newest_chats_newestFirstAsChats() throws Exception {
    try (Store store = store()) {
      store.append(
          List.of(
              chat("a", "2026-01-01T10:00:00Z", "x"),
              chat(QUOTED, "2026-01-03T10:00:00Z", "x"),
              chat("b", "2026-01-02T10:00:00Z", "x")));

      List<Stored<Chat>> got = store.newest(Chat.class, 2);

      assertEquals(List.of(QUOTED, "b"), got.stream().map(c -> c.data().id()).toList());
    }
  }

  @Test
  void scanTyped_linksOfEveryKind_readAsTheirEnum() throws Exception {
    try (Store store = store()) {
      for (Link.Kind k : Link.Kind.values()) {
        store.append(List.of(StoredRecord.of(new Link(k, "f", k.wireName(), null, "t"))));
      }
      List<Link.Kind> kinds = new ArrayList<>();

      store.scan(Link.class, l -> kinds.add(l.data().kind()));

      assertEquals(Set.of(Link.Kind.values()), Set.copyOf(kinds));
      assertEquals(List.of(), store.problems());
    }
  }

  @Test
  void scanTyped_recordWhoseDataDoesNotFit_skippedAndReported() throws Exception {
    try (Store store = store()) {
      StoredRecord hashless =
          StoredRecord.of(
              RecordType.COMMIT,
              5,
              JsonNodeFactory.instance.objectNode().put("message", "no hash"));
      store.append(List.of(TestStores.commit(0), hashless));
      List<String> hashes = new ArrayList<>();

      store.scan(Commit.class, c -> hashes.add(c.data().hash()));

      assertEquals(List.of(String.format("%040x", 1)), hashes);
      assertEquals(1, store.problems().size(), store.problems().toString());
      assertTrue(store.problems().get(0).contains("not a Commit record"), store.problems().get(0));
    }
  }

  @Test
  void expired_oldNewUndatedAndRuns_countsWhatTheRuleDrops() throws Exception {
    try (Store store = store()) {
      StoredRecord old = chat("old", "2026-01-01T10:00:00Z", "x");
      StoredRecord fresh = chat("fresh", "2026-03-01T10:00:00Z", "x");
      StoredRecord undated = chat("undated", null, "x");
      StoredRecord oldRun =
          StoredRecord.of(new Run("m", "2026-01-01T10:00:00Z", null, "ok", null, null, null, null));
      store.append(List.of(old, fresh, undated, oldRun));
      Clock clock = Clock.fixed(Instant.parse("2026-03-02T00:00:00Z"), ZoneOffset.UTC);
      Retention rule = Retention.keepingDays(30, clock);

      Map<RecordType, Store.Expired> expired = store.expired(rule);

      assertEquals(
          Map.of(RecordType.CHAT, new Store.Expired(1, RecordCodec.toLine(old).length + 1)),
          expired);
      store.sealAll();
      Compactor.Result r = store.dropExpired(rule);
      assertEquals(1, r.recordsDropped());
      assertEquals(Set.of("fresh", "undated"), store.keys(RecordType.CHAT));
      assertEquals(Set.of("m"), store.keys(RecordType.RUN));
      assertEquals(Map.of(), store.expired(rule));
    }
  }

  @Test
  void drops_ageTypeAndUnknownTime_onlyOldNonRunRecords() {
    Retention rule = new Retention(1_000);

    assertTrue(rule.drops(RecordType.COMMIT, 999));
    assertFalse(rule.drops(RecordType.COMMIT, 1_000));
    assertFalse(rule.drops(RecordType.COMMIT, 0));
    assertFalse(rule.drops(RecordType.RUN, 999));
  }
}
