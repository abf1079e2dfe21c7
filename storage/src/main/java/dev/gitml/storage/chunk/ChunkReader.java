package dev.gitml.storage.chunk;

import static dev.gitml.storage.chunk.ChunkConstants.*;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads a sealed chunk (layout in {@link ChunkConstants}): header and footer on open, blocks on
 * demand, each checked against its CRC32C and zstd's own content checksum. Every error names the
 * chunk ({@code label}) and the place.
 */
final class ChunkReader implements Closeable {
  private final String label;
  private final FileChannel channel;
  private final int version;
  private final List<BlockEntry> blocks;
  private final long records;
  private final long rawBytes;
  private final byte[] sha256;

  private ChunkReader(
      String label,
      FileChannel channel,
      int version,
      List<BlockEntry> blocks,
      long records,
      long rawBytes,
      byte[] sha256) {
    this.label = label;
    this.channel = channel;
    this.version = version;
    this.blocks = blocks;
    this.records = records;
    this.rawBytes = rawBytes;
    this.sha256 = sha256;
  }

  /** Opens {@code file}; {@code label} (such as {@code commits/202611-….jsonl.zst}) names it. */
  static ChunkReader open(Path file, String label) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return read(ch, label);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static ChunkReader read(FileChannel ch, String label) throws IOException {
    long size = ch.size();
    if (size < HEADER_LENGTH + 8 + FOOTER_FIXED_PAYLOAD) {
      throw new ChunkFormatException("chunk " + label + ": truncated (" + size + " bytes)");
    }
    ByteBuffer h = readAt(ch, 0, HEADER_LENGTH);
    if (h.getInt() != HEADER_MAGIC || h.getInt() != HEADER_LENGTH - 8 || h.getInt() != HEADER_TAG) {
      throw new ChunkFormatException("chunk " + label + ": not a gitml chunk (bad header magic)");
    }
    int version = Short.toUnsignedInt(h.getShort());
    if (version < MIN_READ_VERSION || version > MAX_READ_VERSION) {
      throw new ChunkFormatException(
          "chunk "
              + label
              + ": format version "
              + version
              + " not supported (this gitml reads "
              + MIN_READ_VERSION
              + " to "
              + MAX_READ_VERSION
              + ")");
    }
    ByteBuffer t = readAt(ch, size - TRAILER_LENGTH, TRAILER_LENGTH);
    long footerLength = Integer.toUnsignedLong(t.getInt());
    if (t.getInt() != FOOTER_TAG
        || footerLength < 8 + FOOTER_FIXED_PAYLOAD
        || footerLength > size - HEADER_LENGTH) {
      throw new ChunkFormatException("chunk " + label + ": truncated or bad footer");
    }
    long footerAt = size - footerLength;
    ByteBuffer f = readAt(ch, footerAt, (int) footerLength);
    if (f.getInt() != FOOTER_MAGIC || f.getInt() != footerLength - 8) {
      throw new ChunkFormatException("chunk " + label + ": bad footer magic at offset " + footerAt);
    }
    int n = (int) ((footerLength - 8 - FOOTER_FIXED_PAYLOAD) / BLOCK_ENTRY_LENGTH);
    List<BlockEntry> blocks = new ArrayList<>(n);
    long expectedOffset = HEADER_LENGTH;
    for (int i = 0; i < n; i++) {
      BlockEntry b =
          new BlockEntry(f.getLong(), f.getInt(), f.getInt(), f.getInt(), f.getInt(), f.getInt());
      if (b.offset() != expectedOffset || b.compressedLength() <= 0 || b.rawLength() <= 0) {
        throw new ChunkFormatException(
            "chunk "
                + label
                + ": block "
                + i
                + " entry is inconsistent (offset "
                + b.offset()
                + ")");
      }
      expectedOffset += b.compressedLength();
      blocks.add(b);
    }
    int declared = f.getInt();
    long records = f.getLong();
    long rawBytes = f.getLong();
    byte[] sha = new byte[32];
    f.get(sha);
    if (declared != n || expectedOffset != footerAt) {
      throw new ChunkFormatException(
          "chunk " + label + ": footer lists " + declared + " blocks but describes " + n);
    }
    return new ChunkReader(label, ch, version, List.copyOf(blocks), records, rawBytes, sha);
  }

  int version() {
    return version;
  }

  int blockCount() {
    return blocks.size();
  }

  BlockEntry block(int i) {
    return blocks.get(i);
  }

  long records() {
    return records;
  }

  long rawBytes() {
    return rawBytes;
  }

  byte[] sha256() {
    return sha256.clone();
  }

  String label() {
    return label;
  }

  /** The compressed frame of block {@code i}, unchecked (for salvaging a damaged block). */
  byte[] readFrame(int i) throws IOException {
    BlockEntry b = blocks.get(i);
    ByteBuffer frame = readAt(channel, b.offset(), b.compressedLength());
    byte[] out = new byte[b.compressedLength()];
    frame.get(out);
    return out;
  }

  /** Reads, checks and decompresses block {@code i}. */
  byte[] readBlock(int i) throws IOException {
    if (i < 0 || i >= blocks.size()) {
      throw new ChunkFormatException("chunk " + label + ": no block " + i);
    }
    BlockEntry b = blocks.get(i);
    ByteBuffer frame = readAt(channel, b.offset(), b.compressedLength());
    CRC32C crc = new CRC32C();
    crc.update(frame.duplicate());
    if ((int) crc.getValue() != b.crc32c()) {
      throw new ChunkFormatException(
          "chunk " + label + ": block " + i + " (offset " + b.offset() + ") fails its CRC32C");
    }
    byte[] compressed = new byte[b.compressedLength()];
    frame.get(compressed);
    byte[] raw;
    try {
      raw = Zstd.decompress(compressed, b.rawLength());
    } catch (ZstdException e) {
      throw new ChunkFormatException(
          "chunk " + label + ": block " + i + " does not decompress: " + e.getMessage(), e);
    }
    if (raw.length != b.rawLength()) {
      throw new ChunkFormatException(
          "chunk "
              + label
              + ": block "
              + i
              + " holds "
              + raw.length
              + " bytes, footer says "
              + b.rawLength());
    }
    return raw;
  }

  private static ByteBuffer readAt(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    long at = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, at);
      if (n < 0) {
        throw new ChunkFormatException("unexpected end of file at offset " + at);
      }
      at += n;
    }
    return buf.flip();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
