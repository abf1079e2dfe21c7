package dev.gitml.storage.chunk;

import static dev.gitml.storage.chunk.ChunkConstants.*;

import com.github.luben.zstd.ZstdCompressCtx;
import dev.gitml.storage.Uninterruptibly;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

/**
 * Writes one sealed chunk (layout in {@link ChunkConstants}) to a file, a line at a time, and
 * fsyncs it on {@link #finish()}. The caller writes to a temporary name and renames the file to
 * {@link SealedChunk#fileName} once finished: a reader never sees half a chunk. A chunk of several
 * blocks has them compressed on a pool of threads (one per core, at most two) while the next block
 * fills, and written in order: zstd at level 9 was a third of storing a transcript of long answers.
 */
final class ChunkWriter implements Closeable {
  private static final ExecutorService COMPRESSORS =
      Executors.newFixedThreadPool(
          Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())),
          work -> {
            Thread t = new Thread(work, "gitml-chunk-compress");
            t.setDaemon(true);
            return t;
          });

  /**
   * Blocks compressed ahead of the file, at most: what a chunk holds in memory besides its lines.
   */
  private static final int AHEAD = 4;

  /** A block handed to the compressors, waiting to be written. */
  private record Block(Future<byte[]> frame, int rawLength, int firstRecord, int records) {}

  private final FileChannel out;
  private final int blockBytes;
  private final int level;
  private final MessageDigest sha;
  private final ArrayDeque<Block> compressing = new ArrayDeque<>();
  private final ByteArrayOutputStream block;
  private final List<BlockEntry> blocks = new ArrayList<>();
  private long position;
  private int records;
  private int blockFirstRecord;
  private int blocksFlushed;
  private long rawBytes;
  private long minTs = Long.MAX_VALUE;
  private boolean finished;

  ChunkWriter(Path file, int blockBytes, int level) throws IOException {
    this.out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    this.blockBytes = blockBytes;
    this.block = new ByteArrayOutputStream(blockBytes + 4096);
    this.level = level;
    try {
      this.sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    ByteBuffer h = le(HEADER_LENGTH);
    h.putInt(HEADER_MAGIC).putInt(HEADER_LENGTH - 8).putInt(HEADER_TAG);
    h.putShort((short) FORMAT_VERSION).putShort((short) 0).putInt(blockBytes);
    write(h.flip());
  }

  /** Appends one record line (without its newline); returns where it will be read from. */
  RecordLocation add(byte[] line, long ts) throws IOException {
    if (block.size() > 0 && block.size() + line.length + 1 > blockBytes) {
      flushBlock();
    }
    RecordLocation at = new RecordLocation(blocksFlushed, block.size(), line.length);
    block.write(line);
    block.write('\n');
    records++;
    minTs = Math.min(minTs, ts);
    return at;
  }

  int records() {
    return records;
  }

  /** Writes the last block and the footer, fsyncs, and describes what was written. */
  SealedChunk finish() throws IOException {
    if (block.size() > 0) {
      flushBlock();
    }
    writeCompressed(0);
    byte[] digest = sha.digest();
    int payload = BLOCK_ENTRY_LENGTH * blocks.size() + FOOTER_FIXED_PAYLOAD;
    ByteBuffer f = le(8 + payload);
    f.putInt(FOOTER_MAGIC).putInt(payload);
    for (BlockEntry b : blocks) {
      f.putLong(b.offset()).putInt(b.compressedLength()).putInt(b.rawLength());
      f.putInt(b.firstRecord()).putInt(b.records()).putInt(b.crc32c());
    }
    f.putInt(blocks.size()).putLong(records).putLong(rawBytes).put(digest);
    f.putInt(8 + payload).putInt(FOOTER_TAG);
    write(f.flip());
    out.force(true);
    finished = true;
    String hash = HexFormat.of().formatHex(digest);
    return new SealedChunk(
        SealedChunk.fileName(minTs == Long.MAX_VALUE ? 0 : minTs, hash),
        hash,
        records,
        rawBytes,
        position);
  }

  /** Hands the block filled so far to the compressors; its frame is written in its turn. */
  private void flushBlock() throws IOException {
    byte[] raw = block.toByteArray();
    block.reset();
    sha.update(raw);
    rawBytes += raw.length;
    int count = records - blockFirstRecord;
    compressing.add(
        new Block(
            COMPRESSORS.submit(() -> compress(raw, level)), raw.length, blockFirstRecord, count));
    blockFirstRecord = records;
    blocksFlushed++;
    writeCompressed(AHEAD);
  }

  /** Writes compressed blocks in order until at most {@code left} are still being compressed. */
  private void writeCompressed(int left) throws IOException {
    while (compressing.size() > left) {
      Block b = compressing.poll();
      byte[] frame = frame(b.frame());
      CRC32C crc = new CRC32C();
      crc.update(frame);
      blocks.add(
          new BlockEntry(
              position,
              frame.length,
              b.rawLength(),
              b.firstRecord(),
              b.records(),
              (int) crc.getValue()));
      write(ByteBuffer.wrap(frame));
    }
  }

  private static byte[] compress(byte[] raw, int level) {
    try (ZstdCompressCtx zstd = new ZstdCompressCtx()) {
      zstd.setLevel(level);
      zstd.setChecksum(true);
      zstd.setContentSize(true);
      return zstd.compress(raw);
    }
  }

  /** A block's frame, waited for through an interrupt (kept for the caller), as when inline. */
  private static byte[] frame(Future<byte[]> frame) throws IOException {
    try {
      return Uninterruptibly.get(frame);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IOException(e.getCause());
    }
  }

  private void write(ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      position += out.write(buf);
    }
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public void close() throws IOException {
    for (Block b : compressing) {
      b.frame().cancel(false);
    }
    compressing.clear();
    out.close();
    if (!finished) {
      records = 0;
    }
  }
}
