package dev.gitml.storage.chunk;

import static dev.gitml.storage.chunk.ChunkConstants.*;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the blocks of a sealed chunk whose footer cannot be read (truncated, overwritten), by
 * walking its zstd frames from the header as {@code zstd -dc} would, and decodes what it can of a
 * damaged frame. A frame that decodes whole passed zstd's XXH64 content checksum; the bytes of a
 * cut or corrupt frame did not, so the caller checks every line taken from them.
 *
 * <p>The walk is deterministic: indexing and a later read of the same bytes number the blocks
 * alike, so a record's {@link RecordLocation} stays valid for as long as the file is unchanged.
 */
final class ChunkSalvage {
  /** zstd's frame magic, RFC 8878 §3.1.1. */
  static final int ZSTD_MAGIC = 0xFD2FB528;

  private ChunkSalvage() {}

  /** Receives each block found: its ordinal, its bytes as far as they decode, and whether whole. */
  @FunctionalInterface
  interface PieceSink {
    void piece(int block, byte[] raw, boolean verified) throws IOException;
  }

  /**
   * What the walk learnt beyond the pieces: damage (without the chunk's name); records lost for
   * certain outside the pieces (unreadable bytes between frames held at least one record); blocks
   * that decoded whole; and, from whatever survived of the footer, its block count and record count
   * (-1 where that part is gone).
   */
  record Walk(
      List<String> damage,
      long lostAtLeast,
      int wholeBlocks,
      long footerBlocks,
      long footerRecords) {}

  /** Walks {@code file} (a whole chunk's bytes) and hands each block found to {@code sink}. */
  static Walk walk(byte[] file, String label, PieceSink sink) throws IOException {
    List<String> damage = new ArrayList<>();
    long lost = 0;
    int pos = HEADER_LENGTH;
    if (file.length < HEADER_LENGTH
        || le32(file, 0) != HEADER_MAGIC
        || le32(file, 8) != HEADER_TAG) {
      damage.add("bad header");
      pos = 0;
    } else {
      int version =
          Short.toUnsignedInt(
              ByteBuffer.wrap(file, 12, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
      if (version < MIN_READ_VERSION || version > MAX_READ_VERSION) {
        // not damage: a newer gitml wrote it, and this one must not guess at its layout
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
    }
    int block = 0;
    int whole = 0;
    long[] footer = {-1, -1};
    boolean footerSeen = false;
    while (pos + 4 <= file.length) {
      int magic = le32(file, pos);
      if (magic == FOOTER_MAGIC) {
        footerSeen = true;
        footer = readFooter(file, pos, damage);
        break;
      }
      if (magic != ZSTD_MAGIC) {
        damage.add("unreadable bytes at offset " + pos);
        lost++;
        pos = nextFrame(file, pos + 1);
        continue;
      }
      long size = frameSize(file, pos);
      if (size > 0) {
        byte[] raw = decodeWhole(file, pos, (int) size);
        if (raw != null) {
          sink.piece(block++, raw, true);
          whole++;
        } else {
          damage.add("block " + block + " (offset " + pos + ") fails its checksum");
          sink.piece(block++, decodePart(file, pos, (int) size), false);
        }
        pos += (int) size;
        continue;
      }
      int end = nextFrame(file, pos + 1);
      damage.add(
          "block "
              + block
              + " (offset "
              + pos
              + ") is cut off"
              + (end < file.length ? " or corrupt" : " by the end of the file"));
      sink.piece(block++, decodePart(file, pos, end - pos), false);
      pos = end;
    }
    if (!footerSeen) {
      damage.add("no footer after offset " + Math.min(pos, file.length));
    }
    return new Walk(List.copyOf(damage), lost, whole, footer[0], footer[1]);
  }

  /**
   * Reads what is left of a footer whose trailer is gone or wrong: {block count, record count},
   * each -1 when cut off. The count is the sum of the entries' counts, all of which must survive.
   */
  private static long[] readFooter(byte[] file, int at, List<String> damage) {
    damage.add("footer damaged or cut off (at offset " + at + ")");
    if (at + 8 > file.length) {
      return new long[] {-1, -1};
    }
    long payload = Integer.toUnsignedLong(le32(file, at + 4));
    long n = (payload - FOOTER_FIXED_PAYLOAD) / BLOCK_ENTRY_LENGTH;
    if (payload < FOOTER_FIXED_PAYLOAD
        || n * BLOCK_ENTRY_LENGTH + FOOTER_FIXED_PAYLOAD != payload) {
      return new long[] {-1, -1};
    }
    if (at + 8 + n * BLOCK_ENTRY_LENGTH > file.length) {
      return new long[] {n, -1};
    }
    ByteBuffer f =
        ByteBuffer.wrap(file, at + 8, (int) (n * BLOCK_ENTRY_LENGTH))
            .order(ByteOrder.LITTLE_ENDIAN);
    long records = 0;
    for (long i = 0; i < n; i++) {
      f.position(f.position() + 20);
      records += Integer.toUnsignedLong(f.getInt());
      f.getInt();
    }
    return new long[] {n, records};
  }

  /** The size of the frame at {@code pos}, or -1 when it is cut off or unreadable. */
  private static long frameSize(byte[] file, int pos) {
    try {
      long size = Zstd.findFrameCompressedSize(file, pos, file.length - pos);
      return size > 0 && pos + size <= file.length ? size : -1;
    } catch (ZstdException e) {
      return -1;
    }
  }

  /** The frame's content when it decodes whole and passes its checksum, else null. */
  private static byte[] decodeWhole(byte[] file, int pos, int size) {
    try {
      long content = Zstd.getFrameContentSize(file, pos, size);
      if (content < 0 || content > Integer.MAX_VALUE - 8) {
        return null;
      }
      byte[] out = Zstd.decompress(Arrays.copyOfRange(file, pos, pos + size), (int) content);
      return out.length == content ? out : null;
    } catch (ZstdException e) {
      return null;
    }
  }

  /**
   * Decodes a frame up to its first error or its end. zstd emits each of its blocks (up to 128 KiB)
   * as it finishes it, so a cut frame yields the blocks before the cut; none of it has passed the
   * checksum.
   */
  static byte[] decodePart(byte[] file, int pos, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(file, pos, length))) {
      in.setContinuous(true);
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
      }
    } catch (IOException | ZstdException e) {
      // the damage itself: what was decoded before it is kept, and checked line by line
    }
    return out.toByteArray();
  }

  /** The offset of the next zstd frame or footer magic at or after {@code from}, or the end. */
  private static int nextFrame(byte[] file, int from) {
    for (int i = from; i + 4 <= file.length; i++) {
      int m = le32(file, i);
      if (m == ZSTD_MAGIC || m == FOOTER_MAGIC) {
        return i;
      }
    }
    return file.length;
  }

  private static int le32(byte[] b, int at) {
    return (b[at] & 0xff)
        | (b[at + 1] & 0xff) << 8
        | (b[at + 2] & 0xff) << 16
        | (b[at + 3] & 0xff) << 24;
  }
}
