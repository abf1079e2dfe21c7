package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.collector.redact.RecordScrubber;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.RecordType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestQueueTest {
  @TempDir Path tmp;
  Path repo;

  @BeforeEach
  void setUp() throws Exception {
    repo = tmp.resolve("repo");
    Files.createDirectories(repo);
    DataDir.of(repo).initialize();
  }

  private static Chat chat(int i, String query) {
    return new Chat(
        "chat-" + i,
        "2026-01-21T07:15:" + String.format("%02d", i % 60) + "Z",
        "session",
        query,
        "an answer of some length ".repeat(40),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "codex",
        null,
        null,
        null,
        null,
        null);
  }

  private List<String> storedQueries() throws Exception {
    List<String> out = new ArrayList<>();
    try (Store store = Store.open(DataDir.of(repo))) {
      store.scan(Chat.class, r -> out.add(r.data().query()));
    }
    return out;
  }

  @Test
  void flush_manyBatches_everyRecordStoredOnce() throws Exception {
    List<String> added = new ArrayList<>();
    try (Store store = Store.open(DataDir.of(repo));
        IngestQueue queue =
            new IngestQueue(store, new RecordScrubber(Redactor.standard()), 20_000)) {
      for (int i = 0; i < 300; i++) {
        added.add("prompt " + i);
        queue.add(chat(i, "prompt " + i));
        queue.add(new Action("call-" + i, null, "session", "Read", "f" + i, true, null, null));
      }
      queue.flush();
      assertEquals(600, queue.added());
    }
    List<String> stored = storedQueries();
    Collections.sort(added);
    Collections.sort(stored);
    assertEquals(added, stored);
  }

  @Test
  void add_secretInPrompt_redactedBeforeStored() throws Exception {
    try (Store store = Store.open(DataDir.of(repo));
        IngestQueue queue =
            new IngestQueue(store, new RecordScrubber(Redactor.standard()), 1_000_000)) {
      queue.add(chat(1, "deploy with AKIAIOSFODNN7EXAMPLF please"));
      queue.flush();
    }
    String stored = storedQueries().get(0);
    assertTrue(stored.contains("[REDACTED:"), stored);
  }

  @Test
  void flush_storeFailsThenRecovers_recordsKeptAndStoredByTheNextFlush() throws Exception {
    Path chats =
        DataDir.of(repo).streamDir(RecordType.CHAT.defaultPlacement(), RecordType.CHAT.stream());
    Files.createDirectories(chats.getParent());
    Files.writeString(chats, "not a directory"); // the stream's folder cannot be made
    int expected;
    try (Store store = Store.open(DataDir.of(repo));
        IngestQueue queue =
            new IngestQueue(store, new RecordScrubber(Redactor.standard()), 20_000)) {
      int[] added = {0};
      IOException failed =
          assertThrows(
              IOException.class,
              () -> {
                for (int i = 0; i < 100; i++) {
                  queue.add(chat(i, "prompt " + i));
                  added[0]++;
                }
                queue.flush();
              });
      assertThrows(IOException.class, queue::rethrowStoreFailure, failed.toString());
      Files.delete(chats);
      queue.add(chat(100, "prompt after"));
      queue.flush();
      queue.rethrowStoreFailure(); // stored again: the failure is over
      // the record whose add told the failure (if an add did) was queued all the same
      expected = added[0] + (added[0] < 100 ? 1 : 0) + 1;
    }
    List<String> stored = storedQueries();
    assertEquals(expected, stored.size(), "every record added before and after the failure");
    assertEquals(expected, new HashSet<>(stored).size());
  }

  @Test
  void flush_recordThatCannotBeRedacted_droppedAndCountedForItsSourceTheOthersStored()
      throws Exception {
    Redactor standard = Redactor.standard();
    Redactor breaks =
        text -> {
          if (text.contains("poison")) {
            throw new IllegalStateException("the redactor broke");
          }
          return standard.redact(text);
        };
    try (Store store = Store.open(DataDir.of(repo));
        IngestQueue queue = new IngestQueue(store, new RecordScrubber(breaks), 1_000_000)) {
      queue.source("first.jsonl");
      queue.add(chat(1, "fine"));
      queue.add(chat(2, "poison"));
      queue.source("second.jsonl");
      queue.add(chat(3, "fine too"));
      queue.flush();
      queue.rethrowStoreFailure(); // not the store's failure: nothing to throw
      assertEquals(2, queue.added());
      assertEquals(1, queue.dropped("first.jsonl"));
      assertEquals(0, queue.dropped("second.jsonl"));
      assertEquals(1, queue.dropped(null));
    }
    List<String> stored = storedQueries();
    Collections.sort(stored);
    assertEquals(List.of("fine", "fine too"), stored);
  }
}
