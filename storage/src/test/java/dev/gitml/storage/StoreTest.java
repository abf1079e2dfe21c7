package dev.gitml.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StoredRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  @TempDir Path tmp;

  private static List<Path> files(Path dir, String glob) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(
              p -> p.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName()))
          .sorted()
          .toList();
    }
  }

  @Test
  void append_sameRecordsTwice_storesThemOnce() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 1 << 20);
    try (Store store = Store.open(dir)) {
      Store.AppendResult first = store.append(TestStores.commits(0, 10));
      Store.AppendResult second = store.append(TestStores.commits(5, 15));

      assertEquals(new Store.AppendResult(10, 0), first);
      assertEquals(new Store.AppendResult(5, 5), second);
      assertEquals(15, store.stats().get("commits").records());
      assertEquals(15, TestStores.scanIds(store).size());
    }
  }

  @Test
  void append_sameCommitSeenOnAnotherBranch_storesOneRecordPerCommit() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 1 << 20);
    try (Store store = Store.open(dir)) {
      store.append(List.of(TestStores.commit(0), TestStores.fullCommit(0)));
      dev.gitml.storage.record.Commit c =
          TestStores.commit(0).as(dev.gitml.storage.record.Commit.class);
      StoredRecord onB1 =
          StoredRecord.of(
              new dev.gitml.storage.record.Commit(
                  c.hash(),
                  c.message(),
                  c.author(),
                  c.timestamp(),
                  "b1",
                  c.filesChanged(),
                  c.insertions(),
                  c.deletions(),
                  c.hourOfDay(),
                  c.dayOfWeek(),
                  c.isMerge(),
                  c.isInitial(),
                  c.parentCount(),
                  c.secondsSinceLastCommit()));
      StoredRecord other = TestStores.commit(1);

      Store.AppendResult r = store.append(List.of(onB1, other, onB1));

      assertEquals(new Store.AppendResult(1, 2), r);
      assertEquals(2, store.stats().get("commits").records());
    }
  }

  @Test
  void append_pastSegmentSize_sealsIntoCompressedChunkAndKeepsEveryRecord() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 16 * 1024);
    try (Store store = Store.open(dir)) {
      for (int i = 0; i < 300; i += 20) {
        store.append(TestStores.commits(i, i + 20));
      }
      Store.StreamStats s = store.stats().get("commits");

      assertEquals(300, s.records());
      assertTrue(s.sealedChunks() >= 3, "sealed " + s.sealedChunks());
      assertTrue(s.storedBytes() < s.rawBytes() / 3, s.storedBytes() + " vs " + s.rawBytes());
      assertEquals(300, new HashSet<>(TestStores.scanIds(store)).size());
      assertEquals(300, TestStores.scanIds(store).size());
      StoredRecord r = TestStores.commit(123);
      assertEquals(r, store.get(r.id()).orElseThrow());
      assertTrue(store.verify().sound(), store.verify().problems().toString());
    }
  }

  @Test
  void open_indexDeleted_rebuildsSameCounts() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 16 * 1024);
    try (Store store = Store.open(dir)) {
      store.append(TestStores.commits(0, 200));
      store.append(List.of(TestStores.fullCommit(1)));
    }
    Index.deleteFiles(dir.index());

    try (Store store = Store.open(dir)) {
      assertEquals(200, store.stats().get("commits").records());
      assertEquals(1, store.stats().get("commits-full").records());
      assertEquals(new Store.AppendResult(0, 200), store.append(TestStores.commits(0, 200)));
    }
  }

  @Test
  void open_indexFileIsGarbage_replacesItAndRebuilds() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 16 * 1024);
    try (Store store = Store.open(dir)) {
      store.append(TestStores.commits(0, 50));
    }
    Index.deleteFiles(dir.index());
    Files.writeString(
        dir.index(), "this is not a database, it is a very long line of text ".repeat(100));

    try (Store store = Store.open(dir)) {
      assertEquals(50, store.stats().get("commits").records());
    }
  }

  @Test
  void append_tornLastLineFromACrash_cutsItAndKeepsEarlierRecords() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 1 << 20);
    Path segment;
    try (Store store = Store.open(dir)) {
      store.append(TestStores.commits(0, 5));
      segment = store.segmentPath(RecordType.COMMIT);
    }
    byte[] half =
        java.util.Arrays.copyOf(
            dev.gitml.storage.record.RecordCodec.toLine(TestStores.commit(99)), 40);
    Files.write(segment, half, java.nio.file.StandardOpenOption.APPEND);

    try (Store store = Store.open(dir)) {
      assertEquals(5, store.stats().get("commits").records());
      assertEquals(1, store.verify().notes().size());
      store.append(TestStores.commits(5, 6));
      assertEquals(6, TestStores.scanIds(store).size());
      assertTrue(store.verify().sound());
      assertEquals(0, store.verify().notes().size());
    }
  }

  @Test
  void open_teammateChunkArrives_isIndexedAndDuplicatesCountOnce() throws Exception {
    DataDir mine = TestStores.dataDir(tmp.resolve("me"), 4 * 1024);
    DataDir theirs = TestStores.dataDir(tmp.resolve("them"), 4 * 1024);
    try (Store a = Store.open(mine);
        Store b = Store.open(theirs)) {
      a.append(TestStores.commits(0, 30));
      b.append(TestStores.commits(20, 60)); // 10 overlap
    }
    // `git pull`: their tracked files appear in my tree
    Path theirCommits = theirs.root().resolve("tracked/commits");
    for (Path f : files(theirCommits, "*")) {
      Files.copy(f, mine.root().resolve("tracked/commits").resolve(f.getFileName()));
    }

    try (Store store = Store.open(mine)) {
      assertEquals(60, store.stats().get("commits").records());
      assertEquals(60, TestStores.scanIds(store).size());
    }
  }

  @Test
  void compact_manySmallChunks_mergesThemWithNothingLostOrDoubled() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 64 * 1024);
    try (Store store = Store.open(dir)) {
      for (int i = 0; i < 200; i += 25) {
        store.append(TestStores.commits(i, i + 25));
        store.sealAll();
      }
      int before = files(dir.root().resolve("tracked/commits"), "*.jsonl.zst").size();

      Compactor.Result r = store.compact(null);

      int after = files(dir.root().resolve("tracked/commits"), "*.jsonl.zst").size();
      assertEquals(8, before);
      assertEquals(8, r.chunksBefore());
      assertTrue(after < before, after + " chunks");
      assertEquals(200, TestStores.scanIds(store).size());
      assertEquals(200, new HashSet<>(TestStores.scanIds(store)).size());
      assertTrue(store.verify().sound(), store.verify().problems().toString());
      assertFalse(Files.exists(dir.journal()));
    }
    try (Store store = Store.open(dir)) {
      assertEquals(200, store.reindex());
    }
  }

  @Test
  void compact_withDrop_removesOnlyThoseRecords() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 64 * 1024);
    try (Store store = Store.open(dir)) {
      store.append(TestStores.commits(0, 100));
      store.sealAll();
      String gone = TestStores.commit(7).id();

      Compactor.Result r = store.compact(rec -> rec.id().equals(gone));

      assertEquals(1, r.recordsDropped());
      assertEquals(99, store.stats().get("commits").records());
      assertTrue(store.get(gone).isEmpty());
      assertEquals(99, TestStores.scanIds(store).size());
    }
  }

  @Test
  void open_compactionInterruptedAfterItsJournal_rollsForward() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 64 * 1024);
    try (Store store = Store.open(dir)) {
      for (int i = 0; i < 60; i += 20) {
        store.append(TestStores.commits(i, i + 20));
        store.sealAll();
      }
    }
    Path commits = dir.root().resolve("tracked/commits");
    List<Path> old = files(commits, "*.jsonl.zst");
    // What compaction leaves if killed right after its journal: the merged chunk under a
    // temporary name, the journal, and the old chunks.
    List<dev.gitml.storage.chunk.Chunks.Line> lines = new java.util.ArrayList<>();
    for (StoredRecord r : TestStores.commits(0, 60)) {
      lines.add(
          new dev.gitml.storage.chunk.Chunks.Line(
              dev.gitml.storage.record.RecordCodec.toLine(r), r.ts()));
    }
    var pending =
        dev.gitml.storage.chunk.Chunks.write(
            commits, lines, dev.gitml.storage.chunk.ChunkOptions.DEFAULTS);
    StringBuilder j =
        new StringBuilder("{\"publish\":[{\"tmp\":\"")
            .append(dir.relative(pending.tmp()))
            .append("\",\"name\":\"tracked/commits/")
            .append(pending.fileName())
            .append("\"}],\"delete\":[");
    for (int i = 0; i < old.size(); i++) {
      j.append(i > 0 ? "," : "").append('"').append(dir.relative(old.get(i))).append('"');
    }
    Files.writeString(dir.journal(), j.append("]}").toString());

    try (Store store = Store.open(dir)) {
      assertEquals(List.of(commits.resolve(pending.fileName())), files(commits, "*.jsonl.zst"));
      assertEquals(60, store.stats().get("commits").records());
      assertEquals(60, TestStores.scanIds(store).size());
      assertFalse(Files.exists(dir.journal()));
    }
  }

  @Test
  void open_strayTemporaryChunkWithoutJournal_isRemoved() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 64 * 1024);
    try (Store store = Store.open(dir)) {
      store.append(TestStores.commits(0, 10));
    }
    Path stray = dir.root().resolve("tracked/commits/.abc.tmp");
    Files.writeString(stray, "half a chunk");

    try (Store store = Store.open(dir)) {
      assertFalse(Files.exists(stray));
      assertEquals(10, store.stats().get("commits").records());
    }
  }

  @Test
  void verify_damagedBlock_namesTheChunkAndEveryOtherBlockStillReads() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 64 * 1024);
    Path bad;
    try (Store store = Store.open(dir)) {
      store.append(TestStores.commits(0, 20));
      store.sealAll();
      store.append(TestStores.commits(20, 40));
      store.sealAll();
      bad = files(dir.root().resolve("tracked/commits"), "*.jsonl.zst").get(0);
    }
    byte[] bytes = Files.readAllBytes(bad);
    bytes[30] ^= 0x10;
    Files.write(bad, bytes);
    Index.deleteFiles(dir.index());

    try (Store store = Store.open(dir)) {
      VerifyReport report = store.verify();

      assertFalse(report.sound());
      assertTrue(
          report.problems().get(0).startsWith("chunk tracked/commits/" + bad.getFileName()),
          report.problems().get(0));
      // Blocks are independent: only the damaged block's records are lost, not the chunk's.
      long readable = store.stats().get("commits").records();
      assertTrue(readable > 20 && readable < 40, readable + " readable");
      assertEquals(readable, TestStores.scanIds(store).size());
      assertTrue(store.problems().get(0).contains(bad.getFileName().toString()));
    }
  }

  @Test
  void open_notInitialized_failsWithClearMessage() {
    DataDir dir = new DataDir(tmp.resolve(".git-ml"));
    StoreException e =
        org.junit.jupiter.api.Assertions.assertThrows(StoreException.class, () -> Store.open(dir));
    assertTrue(e.getMessage().startsWith("no gitml data directory at "), e.getMessage());
  }

  @Test
  void config_placementLocal_writesStreamUnderLocal() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 64 * 1024);
    Files.writeString(dir.config(), "{\"streams\": {\"commits\": \"local\"}}");
    try (Store store = Store.open(dir)) {
      store.append(TestStores.commits(0, 3));
    }
    assertEquals(1, files(dir.root().resolve("local/commits"), "open-*.jsonl").size());
    assertFalse(Files.exists(dir.root().resolve("tracked/commits")));
  }

  @Test
  void open_exampleDataDirectory_readsFiftyCommitsAndVerifies() throws Exception {
    Path example = Path.of(System.getProperty("user.dir")).resolve("../.git-ml.example");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(example), "no " + example);
    Path copy = tmp.resolve(".git-ml");
    try (Stream<Path> s = Files.walk(example)) {
      for (Path p : s.toList()) {
        Files.copy(p, copy.resolve(example.relativize(p).toString()));
      }
    }

    try (Store store = Store.open(new DataDir(copy))) {
      assertEquals(50, store.stats().get("commits").records());
      assertEquals(1, store.stats().get("commits").sealedChunks());
      assertTrue(store.verify().sound(), store.verify().problems().toString());
    }
  }
}
