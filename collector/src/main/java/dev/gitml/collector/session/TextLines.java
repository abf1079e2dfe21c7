package dev.gitml.collector.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The whole lines of a plain-text stream (Aider's Markdown history), each decoded as UTF-8 without
 * its {@code \n} or {@code \r\n}, with the byte offset it starts at; a line longer than {@link
 * #MAX_LINE} bytes keeps its first {@code MAX_LINE} bytes (the rest is scanned, not held). A last
 * line without its {@code \n} is half-written and not returned: {@link #end()} stays before it.
 */
final class TextLines {
  /** Most bytes kept of one line: a pasted file on one line is cut, the lines after it kept. */
  static final int MAX_LINE = 256 << 10;

  private final InputStream in;
  private final byte[] chunk = new byte[64 << 10];
  private int chunkPos;
  private int chunkEnd;
  private long position;
  private byte[] line = new byte[1 << 10];
  private int length;
  private long start;
  private long end;

  TextLines(InputStream in, long offset) {
    this.in = in;
    this.position = offset;
    this.end = offset;
  }

  /** Moves to the next whole line; false at the end of the stream. */
  boolean next() throws IOException {
    length = 0;
    start = end;
    while (true) {
      if (chunkPos == chunkEnd) {
        int n = in.read(chunk);
        if (n < 0) {
          return false; // a half-written last line waits
        }
        chunkPos = 0;
        chunkEnd = n;
      }
      int from = chunkPos;
      while (chunkPos < chunkEnd && chunk[chunkPos] != '\n') {
        chunkPos++;
      }
      keep(from, chunkPos - from);
      position += chunkPos - from;
      if (chunkPos < chunkEnd) {
        chunkPos++; // the newline
        position++;
        end = position;
        if (length > 0 && line[length - 1] == '\r') {
          length--;
        }
        return true;
      }
    }
  }

  private void keep(int from, int n) {
    int room = Math.min(n, MAX_LINE - length);
    if (room <= 0) {
      return;
    }
    if (length + room > line.length) {
      byte[] bigger = new byte[Math.min(MAX_LINE, Math.max(line.length * 2, length + room))];
      System.arraycopy(line, 0, bigger, 0, length);
      line = bigger;
    }
    System.arraycopy(chunk, from, line, length, room);
    length += room;
  }

  /** The current line's text. */
  String text() {
    return new String(line, 0, length, StandardCharsets.UTF_8);
  }

  /** The byte offset of the current line's first byte. */
  long start() {
    return start;
  }

  /** The offset just after the last whole line returned. */
  long end() {
    return end;
  }
}
