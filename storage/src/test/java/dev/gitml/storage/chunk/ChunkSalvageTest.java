package dev.gitml.storage.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged sealed chunks: truncated at a frame boundary, inside a frame, inside the footer, and with
 * flipped bytes. Every assertion counts records exactly: what is salvaged is every line that still
 * decodes, and the rest is reported lost, exactly when the footer survives.
 */
class ChunkSalvageTest {
  @TempDir Path dir;

  private static final ChunkOptions SMALL_BLOCKS = new ChunkOptions(4096, 1024, 3);
  private static final int RECORDS = 512;

  /** A block of the chunk under test, read from its footer (layout in ChunkConstants). */
  private record Entry(int offset, int compressedLength, int records) {}

  private final List<byte[]> originals = new ArrayList<>();
  private byte[] chunk;
  private List<Entry> entries;
  private int footerAt;
  private Path file;

  private void sealChunk(int lineBytes, ChunkOptions options) throws Exception {
    Random random = new Random(14);
    List<Chunks.Line> lines = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      StringBuilder pad = new StringBuilder();
      while (pad.length() < lineBytes) {
        pad.append(Long.toHexString(random.nextLong()));
      }
      byte[] line = ("{\"n\":" + i + ",\"pad\":\"" + pad + "\"}").getBytes(StandardCharsets.UTF_8);
      originals.add(line);
      lines.add(new Chunks.Line(line, 1767225600000L + i));
    }
    file = Chunks.seal(dir, lines, options).file();
    chunk = Files.readAllBytes(file);
    ByteBuffer t = ByteBuffer.wrap(chunk, chunk.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN);
    footerAt = chunk.length - t.getInt();
    ByteBuffer f = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    int n =
        (f.getInt(footerAt + 4) - ChunkConstants.FOOTER_FIXED_PAYLOAD)
            / ChunkConstants.BLOCK_ENTRY_LENGTH;
    entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int at = footerAt + 8 + i * ChunkConstants.BLOCK_ENTRY_LENGTH;
      entries.add(new Entry((int) f.getLong(at), f.getInt(at + 8), f.getInt(at + 20)));
    }
  }

  private int recordsBefore(int block) {
    int n = 0;
    for (int i = 0; i < block; i++) {
      n += entries.get(i).records();
    }
    return n;
  }

  private void damage(byte[] bytes) throws Exception {
    Files.write(file, bytes);
  }

  /** Reads the damaged chunk, accepting a line from a damaged block only if it is an original. */
  private Read read() throws Exception {
    Set<String> known = new HashSet<>();
    for (byte[] o : originals) {
      known.add(new String(o, StandardCharsets.UTF_8));
    }
    List<byte[]> seen = new ArrayList<>();
    List<RecordLocation> where = new ArrayList<>();
    Chunks.ReadResult r =
        Chunks.readSealed(
            file,
            "commits/c.jsonl.zst",
            (buf, off, len) -> known.contains(new String(buf, off, len, StandardCharsets.UTF_8)),
            (at, buf, off, len) -> {
              seen.add(Arrays.copyOfRange(buf, off, off + len));
              where.add(at);
            });
    return new Read(r, seen, where);
  }

  private record Read(Chunks.ReadResult result, List<byte[]> lines, List<RecordLocation> where) {}

  /**
   * The salvaged lines are originals, each once, in order; the first, the last and every 50th read
   * back from their locations (each read walks the damaged file again).
   */
  private void assertSalvagedAreOriginals(Read read) throws Exception {
    int next = 0;
    for (int i = 0; i < read.lines().size(); i++) {
      byte[] line = read.lines().get(i);
      while (next < originals.size() && !Arrays.equals(originals.get(next), line)) {
        next++;
      }
      assertTrue(next < originals.size(), "line " + i + " is not an original, or out of order");
      next++;
      if (i % 50 == 0 || i == read.lines().size() - 1) {
        assertArrayEquals(line, Chunks.readLine(file, "c", read.where().get(i)));
      }
    }
  }

  @Test
  void readSealed_truncatedAtAFrameBoundary_salvagesEveryEarlierBlock() throws Exception {
    sealChunk(100, SMALL_BLOCKS);
    int cut = 2 * entries.size() / 3;
    damage(Arrays.copyOf(chunk, entries.get(cut).offset()));

    Read read = read();

    assertEquals(recordsBefore(cut), read.result().records());
    assertEquals(recordsBefore(cut), read.lines().size());
    assertFalse(read.result().lostExact());
    assertEquals(
        "an unknown number lost (the footer that counts them is gone)", read.result().lostText());
    assertSalvagedAreOriginals(read);
  }

  @Test
  void readSealed_truncatedInsideAFrame_salvagesEarlierBlocksAndCountsTheTornOneLost()
      throws Exception {
    sealChunk(100, SMALL_BLOCKS);
    int cut = entries.size() / 2;
    Entry e = entries.get(cut);
    damage(Arrays.copyOf(chunk, e.offset() + e.compressedLength() / 2));

    Read read = read();

    assertEquals(recordsBefore(cut), read.result().records());
    assertEquals(1, read.result().lost());
    assertFalse(read.result().lostExact());
    assertTrue(
        read.result().summary().startsWith("chunk commits/c.jsonl.zst: damaged ("),
        read.result().summary());
    assertTrue(
        read.result()
            .summary()
            .endsWith(
                recordsBefore(cut)
                    + " records salvaged, at least 1 lost (the footer that counts them is gone)"),
        read.result().summary());
    assertSalvagedAreOriginals(read);
  }

  @Test
  void readSealed_oneLargeBlockTruncatedToTwoThirds_salvagesTheLinesOfItsDecodedPart()
      throws Exception {
    // 512 lines of ~2 KB in one 4 MiB block: zstd emits each 128 KiB of a frame as it decodes
    // it, so a frame cut at 2/3 still yields most of its lines.
    sealChunk(2000, new ChunkOptions(8L << 20, 4 << 20, 3));
    assertEquals(1, entries.size());
    damage(Arrays.copyOf(chunk, chunk.length * 2 / 3));

    Read read = read();

    long salvaged = read.result().records();
    assertTrue(salvaged >= RECORDS / 2 && salvaged < RECORDS, salvaged + " salvaged");
    assertEquals(1, read.result().lost()); // the torn line; the rest is unknown without a footer
    assertSalvagedAreOriginals(read);
    assertArrayEquals(originals.get((int) salvaged - 1), read.lines().get((int) salvaged - 1));
  }

  @Test
  void readSealed_truncatedInsideTheFooterEntries_salvagesAllAndKnowsNothingIsLost()
      throws Exception {
    sealChunk(100, SMALL_BLOCKS);
    damage(Arrays.copyOf(chunk, footerAt + 8 + ChunkConstants.BLOCK_ENTRY_LENGTH * 2 + 5));

    Read read = read();

    assertEquals(RECORDS, read.result().records());
    assertEquals(0, read.result().lost());
    assertTrue(read.result().lostExact(), "the footer's length says how many blocks there were");
    assertTrue(read.result().damaged());
    assertSalvagedAreOriginals(read);
  }

  @Test
  void readSealed_trailerCutOff_salvagesAllAndCountsFromTheFooterEntries() throws Exception {
    sealChunk(100, SMALL_BLOCKS);
    damage(Arrays.copyOf(chunk, chunk.length - 3));

    Read read = read();

    assertEquals(RECORDS, read.result().records());
    assertEquals("0 lost", read.result().lostText());
  }

  @Test
  void readSealed_footerCutBeforeItsLength_salvagesAllButCannotCountTheLoss() throws Exception {
    sealChunk(100, SMALL_BLOCKS);
    damage(Arrays.copyOf(chunk, footerAt + 5));

    Read read = read();

    assertEquals(RECORDS, read.result().records());
    assertFalse(read.result().lostExact());
  }

  @Test
  void readSealed_flippedFrameMagicWithFooter_losesExactlyThatBlock() throws Exception {
    sealChunk(100, SMALL_BLOCKS);
    int bad = 3;
    byte[] bytes = chunk.clone();
    bytes[entries.get(bad).offset()] ^= 0x01;
    damage(bytes);

    Read read = read();

    assertEquals(RECORDS - entries.get(bad).records(), read.result().records());
    assertEquals(entries.get(bad).records(), read.result().lost());
    assertTrue(read.result().lostExact());
    assertEquals(
        "chunk commits/c.jsonl.zst: damaged (block 3 (offset "
            + entries.get(bad).offset()
            + ") fails its CRC32C): "
            + (RECORDS - entries.get(bad).records())
            + " records salvaged, "
            + entries.get(bad).records()
            + " lost",
        read.result().summary());
    assertSalvagedAreOriginals(read);
  }

  @Test
  void readSealed_flippedByteInsideAFrame_salvagedPlusLostIsEveryRecord() throws Exception {
    sealChunk(100, SMALL_BLOCKS);
    Entry e = entries.get(5);
    byte[] bytes = chunk.clone();
    bytes[e.offset() + e.compressedLength() / 2] ^= 0x40;
    damage(bytes);

    Read read = read();

    assertTrue(read.result().lostExact());
    assertTrue(read.result().lost() >= 1);
    assertEquals(RECORDS, read.result().records() + read.result().lost());
    assertSalvagedAreOriginals(read);
  }

  @Test
  void readSealed_flippedFrameMagicAndNoFooter_resyncsOnTheNextFrame() throws Exception {
    sealChunk(100, SMALL_BLOCKS);
    int bad = 2;
    byte[] bytes = Arrays.copyOf(chunk, footerAt);
    bytes[entries.get(bad).offset()] ^= 0x01;
    damage(bytes);

    Read read = read();

    assertEquals(RECORDS - entries.get(bad).records(), read.result().records());
    assertEquals("at least 1 lost (the footer that counts them is gone)", read.result().lostText());
    assertSalvagedAreOriginals(read);
  }

  @Test
  void readSealed_soundChunk_isNotDamagedAndLosesNothing() throws Exception {
    sealChunk(100, SMALL_BLOCKS);

    Read read = read();

    assertFalse(read.result().damaged());
    assertEquals(RECORDS, read.result().records());
    assertEquals("0 lost", read.result().lostText());
  }

  @Test
  void verifySealed_truncatedToTwoThirds_reportsSalvageableCountInOneLine() throws Exception {
    sealChunk(100, SMALL_BLOCKS);
    int cut = 2 * entries.size() / 3;
    damage(Arrays.copyOf(chunk, entries.get(cut).offset()));

    List<String> problems =
        Chunks.verifySealed(file, "c", (buf, off, len) -> true, (at, buf, off, len) -> {});

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems.get(0).startsWith("chunk c: damaged (truncated or bad footer; "), problems.get(0));
    assertTrue(
        problems.get(0).contains(": " + recordsBefore(cut) + " records salvaged, "),
        problems.get(0));
  }
}
