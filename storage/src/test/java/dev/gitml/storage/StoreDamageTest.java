package dev.gitml.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.chunk.ChunkConstants;
import dev.gitml.storage.record.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store whose sealed chunk was truncated: what verify, reindex and reads make of it. */
class StoreDamageTest {
  @TempDir Path tmp;

  private static final int RECORDS = 512;

  /** One sealed chunk of 512 commits in 4 KiB blocks; returns its file. */
  private Path storeWithOneChunk(DataDir dir) throws Exception {
    try (Store store = Store.open(dir)) {
      store.append(TestStores.commits(0, RECORDS));
      store.sealAll();
    }
    try (var files = Files.list(dir.root().resolve("tracked/commits"))) {
      List<Path> sealed =
          files.filter(p -> ChunkConstants.isSealedName(p.getFileName().toString())).toList();
      assertEquals(1, sealed.size(), sealed.toString());
      return sealed.get(0);
    }
  }

  /**
   * Cuts {@code chunk} at the start of the block that holds 2/3 of its bytes, as the issue's
   * truncation did; returns the records in the whole blocks before the cut (from the footer).
   */
  private static int truncateToTwoThirds(Path chunk) throws Exception {
    byte[] bytes = Files.readAllBytes(chunk);
    ByteBuffer f = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int footerAt = bytes.length - f.getInt(bytes.length - 8);
    int n =
        (f.getInt(footerAt + 4) - ChunkConstants.FOOTER_FIXED_PAYLOAD)
            / ChunkConstants.BLOCK_ENTRY_LENGTH;
    int cut = bytes.length * 2 / 3;
    int whole = 0;
    for (int i = 0; i < n; i++) {
      int at = footerAt + 8 + i * ChunkConstants.BLOCK_ENTRY_LENGTH;
      if (f.getLong(at) + f.getInt(at + 8) <= cut) {
        whole += f.getInt(at + 20);
      }
    }
    assertTrue(n > 3, n + " blocks");
    Files.write(chunk, Arrays.copyOf(bytes, cut));
    return whole;
  }

  @Test
  void reindex_chunkTruncatedToTwoThirds_indexesEveryWholeBlockAndSaysWhatWasLost()
      throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 1 << 20);
    Path chunk = storeWithOneChunk(dir);
    int salvageable = truncateToTwoThirds(chunk);

    try (Store store = Store.open(dir)) {
      long indexed = store.reindex();

      assertEquals(salvageable, indexed);
      assertEquals(salvageable, TestStores.scanIds(store).size());
      StoredRecord last = TestStores.commit(salvageable - 1);
      assertEquals(last.id(), store.get(last.id()).orElseThrow().id());
      assertTrue(store.get(TestStores.commit(salvageable).id()).isEmpty());
      List<String> problems = store.problems();
      assertEquals(1, problems.size(), problems.toString());
      assertTrue(
          problems
              .get(0)
              .startsWith("chunk tracked/commits/" + chunk.getFileName() + ": damaged ("),
          problems.get(0));
      assertTrue(
          problems
              .get(0)
              .endsWith(
                  ": "
                      + salvageable
                      + " records salvaged, at least 1 "
                      + "lost (the footer that counts them is gone)"),
          problems.get(0));
    }
  }

  @Test
  void verify_chunkTruncatedToTwoThirds_reportsTheDamageWithTheSalvageableCount() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 1 << 20);
    Path chunk = storeWithOneChunk(dir);
    int salvageable = truncateToTwoThirds(chunk);

    try (Store store = Store.open(dir)) {
      VerifyReport report = store.verify();

      assertFalse(report.sound());
      assertEquals(1, report.problems().size(), report.problems().toString());
      assertTrue(
          report.problems().get(0).contains(": " + salvageable + " records salvaged, "),
          report.problems().get(0));
      assertEquals(salvageable, report.records());
    }
  }

  @Test
  void verify_indexCannotBeOpened_stillVerifiesEveryChunk() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 1 << 20);
    storeWithOneChunk(dir);
    try (Store store = Store.open(dir)) {
      store.append(TestStores.commits(RECORDS, RECORDS + 3));
    }
    // What a full disk does to SQLite, made portable: an index that cannot be opened at all.
    Index.deleteFiles(dir.index());
    Files.createDirectories(dir.index());
    Files.writeString(dir.index().resolve("in-the-way"), "x");
    assertThrows(
        java.io.IOException.class,
        () -> Store.open(dir).close(),
        "the index route fails here, as it did for `chunks verify` on a full disk");

    VerifyReport report = Store.verify(dir);

    assertTrue(report.sound(), report.problems().toString());
    assertEquals(RECORDS + 3, report.records());
    assertEquals(2, report.files());
  }

  @Test
  void repair_chunkTruncatedToTwoThirds_rewritesSalvagedRecordsAndQuarantinesTheDamagedFile()
      throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 1 << 20);
    Path chunk = storeWithOneChunk(dir);
    int salvageable = truncateToTwoThirds(chunk);
    byte[] damaged = Files.readAllBytes(chunk);

    try (Store store = Store.open(dir)) {
      List<String> repaired = store.repair();

      assertEquals(1, repaired.size(), repaired.toString());
      assertTrue(
          repaired
              .get(0)
              .startsWith(
                  "chunk tracked/commits/"
                      + chunk.getFileName()
                      + ": "
                      + salvageable
                      + " records rewritten to tracked/commits/"),
          repaired.get(0));
      assertTrue(
          repaired
              .get(0)
              .endsWith(
                  "; the damaged file is kept as local/quarantine/"
                      + "tracked/commits/"
                      + chunk.getFileName()),
          repaired.get(0));
      assertFalse(Files.exists(chunk));
      assertArrayEquals(
          damaged,
          Files.readAllBytes(
              dir.quarantine().resolve("tracked/commits").resolve(chunk.getFileName())));
      assertEquals(salvageable, TestStores.scanIds(store).size());
      assertEquals(List.of(), store.problems());
      assertEquals(List.of(), store.repair(), "a second repair finds nothing to do");
    }
    VerifyReport after = Store.verify(dir);
    assertTrue(after.sound(), after.problems().toString());
    assertEquals(salvageable, after.records());
  }

  @Test
  void compact_damagedSmallChunk_keepsItsSalvagedRecordsAndQuarantinesIt() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 1 << 20);
    Path chunk = storeWithOneChunk(dir);
    int salvageable = truncateToTwoThirds(chunk);
    try (Store store = Store.open(dir)) {
      store.append(TestStores.commits(RECORDS, RECORDS + 10));
      store.sealAll();

      store.compact(null);

      assertFalse(Files.exists(chunk));
      assertTrue(
          Files.exists(dir.quarantine().resolve("tracked/commits").resolve(chunk.getFileName())));
      assertEquals(salvageable + 10, TestStores.scanIds(store).size());
    }
  }

  @Test
  void sealAll_openSegmentLineDamagedSinceIndexed_refusedAndNothingSealed() throws Exception {
    DataDir dir = DataDir.of(tmp.resolve("repo"));
    dir.initialize();
    try (Store store = Store.open(dir)) {
      store.append(TestStores.commits(0, 10));
    }
    Path streamDir = dir.root().resolve("tracked/commits");
    Path segment;
    try (var files = Files.list(streamDir)) {
      segment =
          files
              .filter(p -> ChunkConstants.isOpenName(p.getFileName().toString()))
              .findFirst()
              .orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(segment);
    int end = 0;
    while (bytes[end] != '\n') {
      end++;
    }
    bytes[end - 1] = ' '; // the first record's closing brace, its id and length intact
    Files.write(segment, bytes);
    try (Store store = Store.open(dir)) {
      StoreException e = assertThrows(StoreException.class, store::sealAll);
      assertTrue(e.getMessage().contains("does not hold it"), e.getMessage());
    }
    try (var files = Files.list(streamDir)) {
      assertFalse(
          files.anyMatch(p -> ChunkConstants.isSealedName(p.getFileName().toString())),
          "a damaged line is not sealed into a chunk with a fresh checksum");
    }
    assertTrue(Files.exists(segment));
  }

  @Test
  void open_chunkNamedLinkInALoop_passedOverAndTheRestRead() throws Exception {
    DataDir dir = DataDir.of(tmp.resolve("repo"));
    dir.initialize();
    storeWithOneChunk(dir);
    Path loop = dir.root().resolve("tracked/commits/loop" + ChunkConstants.SEALED_SUFFIX);
    Files.createSymbolicLink(loop, loop.getFileName());
    int[] read = {0};
    try (Store store = Store.open(dir)) {
      store.scan(dev.gitml.storage.record.RecordType.COMMIT, r -> read[0]++);
    }
    assertEquals(RECORDS, read[0]);
  }
}
