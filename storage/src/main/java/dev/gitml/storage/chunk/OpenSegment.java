package dev.gitml.storage.chunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An open segment, {@code <stream>/open-<writer-id>.jsonl}: plain JSONL, appended to by one writer
 * (under the store lock) and fsynced per batch. Only lines that end in '\n' exist; a torn last line
 * (power loss in the middle of a write) is ignored by readers and cut off by the writer before its
 * next append.
 */
final class OpenSegment {
  private static final int READ_WINDOW = 1 << 20;

  private OpenSegment() {}

  /** Cuts anything after the last newline; returns the number of bytes cut. */
  static long recoverTail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long keep = endOfLastLine(ch, size);
      if (keep < size) {
        ch.truncate(keep);
        ch.force(true);
      }
      return size - keep;
    }
  }

  /** Appends the lines (each without its newline), fsyncs, and returns where each landed. */
  static List<RecordLocation> append(Path file, List<byte[]> lines) throws IOException {
    List<RecordLocation> at = new ArrayList<>(lines.size());
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      long position = ch.size();
      int total = 0;
      for (byte[] line : lines) {
        total += line.length + 1;
      }
      ByteBuffer buf = ByteBuffer.allocate(total);
      for (byte[] line : lines) {
        at.add(RecordLocation.open(position + buf.position(), line.length));
        buf.put(line).put((byte) '\n');
      }
      buf.flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(false);
    }
    return at;
  }

  /**
   * Visits the complete lines from byte {@code from}; returns the offset just after the last
   * complete line (where the next scan starts).
   */
  static long scan(Path file, long from, LineVisitor visitor) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long lineStart = from;
      byte[] buf = new byte[READ_WINDOW];
      int filled = 0;
      long bufStart = from;
      while (bufStart + filled < size) {
        if (filled == buf.length) {
          buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
        int n = ch.read(ByteBuffer.wrap(buf, filled, buf.length - filled), bufStart + filled);
        if (n < 0) {
          break;
        }
        int scanFrom = filled;
        filled += n;
        int start = (int) (lineStart - bufStart);
        for (int i = scanFrom; i < filled; i++) {
          if (buf[i] == '\n') {
            visitor.line(RecordLocation.open(bufStart + start, i - start), buf, start, i - start);
            start = i + 1;
            lineStart = bufStart + start;
          }
        }
        // keep the unfinished line at the front of the buffer
        int rest = filled - start;
        System.arraycopy(buf, start, buf, 0, rest);
        bufStart += start;
        filled = rest;
      }
      return lineStart;
    }
  }

  /** Reads one line at a known location. */
  static byte[] readLine(Path file, RecordLocation at) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(at.length());
      long pos = at.offset();
      while (buf.hasRemaining()) {
        int n = ch.read(buf, pos);
        if (n < 0) {
          throw new ChunkFormatException(
              "segment " + file.getFileName() + ": no record at offset " + at.offset());
        }
        pos += n;
      }
      return buf.array();
    }
  }

  private static long endOfLastLine(FileChannel ch, long size) throws IOException {
    long end = size;
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    while (end > 0) {
      long start = Math.max(0, end - buf.capacity());
      buf.clear().limit((int) (end - start));
      ch.read(buf, start);
      for (int i = buf.position() - 1; i >= 0; i--) {
        if (buf.get(i) == '\n') {
          return start + i + 1;
        }
      }
      end = start;
    }
    return 0;
  }
}
