package dev.gitml.collector.session;

import java.io.IOException;
import java.io.InputStream;

/**
 * The whole lines of a JSONL stream, each kept in bounded memory: every JSON string is cut to
 * {@link #MAX_STRING} bytes (with an ellipsis), every array to {@link #MAX_ELEMENTS} elements, and
 * a line that still keeps more than {@link #MAX_LINE} bytes is passed over and flagged. The cut
 * line is valid JSON when the line was: strings are cut between characters, never inside an escape
 * or a UTF-8 sequence, and the bytes skipped are scanned, not held. A JSONL line cannot hold a raw
 * newline (JSON escapes it in strings), so every {@code \n} ends a line; a last line without one is
 * half-written and not returned.
 *
 * <p>The limits are far above what a record keeps (tool outputs 2,000 characters, tool inputs 1,000
 * per string, listed files 100 per chat): a 12 MB Write or Read result costs 256 KiB here.
 */
final class BoundedLines {
  /** Most bytes kept of one JSON string: a long pasted prompt, an assistant's long answer. */
  static final int MAX_STRING = 256 << 10;

  /** Most elements kept of one JSON array (a tool's list of lines or files). */
  static final int MAX_ELEMENTS = 1_000;

  /** Most bytes kept of one line after the cuts; past it the line is skipped and flagged. */
  static final int MAX_LINE = 4 << 20;

  private static final int MAX_DEPTH = 256;
  private static final byte[] ELLIPSIS = "…".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private final InputStream in;
  private final byte[] chunk = new byte[64 << 10];
  private int chunkPos;
  private int chunkEnd;
  private long position;
  private byte[] line = new byte[8 << 10];
  private int length;
  private long start;
  private boolean oversized;
  private long end;
  // the scanner's state within the current line
  private boolean inString;
  private boolean escape;
  private int hex;
  private int stringKept;
  private boolean stringCut;
  private int depth;
  private final boolean[] array = new boolean[MAX_DEPTH];
  private final int[] elements = new int[MAX_DEPTH];
  private int skipArrayAt = -1;

  /** Lines of {@code in}, whose first byte is at {@code offset} of the file. */
  BoundedLines(InputStream in, long offset) {
    this.in = in;
    this.position = offset;
    this.start = offset;
    this.end = offset;
  }

  /** Moves to the next whole line; false at the end of the stream. */
  boolean next() throws IOException {
    startLine();
    while (true) {
      if (chunkPos == chunkEnd) {
        int n = in.read(chunk);
        if (n < 0) {
          return false; // a half-written last line waits
        }
        chunkPos = 0;
        chunkEnd = n;
      }
      while (chunkPos < chunkEnd) {
        if (inString && !escape && hex == 0 && !stringCut) {
          plainRun();
          if (chunkPos == chunkEnd) {
            break;
          }
        }
        byte b = chunk[chunkPos++];
        position++;
        if (b == '\n') {
          end = position;
          return true;
        }
        scan(b);
      }
    }
  }

  /** The current line as kept (without its newline); valid until the next call to next. */
  byte[] bytes() {
    return line;
  }

  int length() {
    return length;
  }

  /** Where the current line starts in the file. */
  long start() {
    return start;
  }

  /** Whether the current line kept more than {@link #MAX_LINE} bytes and was passed over. */
  boolean oversized() {
    return oversized;
  }

  /** Just past the last whole line returned: where a later read starts. */
  long end() {
    return end;
  }

  private void startLine() {
    start = position;
    length = 0;
    oversized = false;
    inString = false;
    escape = false;
    hex = 0;
    depth = 0;
    skipArrayAt = -1;
    if (line.length > MAX_STRING) {
      line = new byte[8 << 10]; // one huge line does not keep a large buffer for the rest
    }
  }

  /**
   * Inside a string and short of its limit, copies the bytes up to the next quote, backslash or
   * newline at once: most of a transcript is string content, and this keeps the per-byte scan for
   * the bytes that change the state.
   */
  private void plainRun() {
    if (skipArrayAt >= 0 || oversized) {
      return;
    }
    // never past the string's limit or the line's: the per-byte scan cuts or flags there
    int room = Math.min(MAX_STRING - stringKept, MAX_LINE - length);
    int limit = Math.min(chunkEnd, chunkPos + Math.max(0, room));
    int i = chunkPos;
    while (i < limit) {
      byte c = chunk[i];
      if (c == '"' || c == '\\' || c == '\n') {
        break;
      }
      i++;
    }
    int n = i - chunkPos;
    if (n == 0) {
      return;
    }
    if (length + n > line.length) {
      line =
          java.util.Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(length + n, line.length * 2)));
    }
    System.arraycopy(chunk, chunkPos, line, length, n);
    length += n;
    stringKept += n;
    position += n;
    chunkPos = i;
  }

  private void scan(byte b) {
    if (inString) {
      scanString(b);
      return;
    }
    switch (b) {
      case '"' -> {
        inString = true;
        stringKept = 0;
        stringCut = false;
        keep(b);
      }
      case '[', '{' -> {
        if (depth == MAX_DEPTH) {
          oversized = true;
          return;
        }
        array[depth] = b == '[';
        elements[depth] = 0;
        depth++;
        keep(b);
      }
      case ']', '}' -> {
        if (depth > 0) {
          depth--;
        }
        if (skipArrayAt == depth) {
          skipArrayAt = -1;
        }
        keep(b);
      }
      case ',' -> {
        if (depth > 0
            && array[depth - 1]
            && skipArrayAt < 0
            && ++elements[depth - 1] == MAX_ELEMENTS) {
          skipArrayAt = depth - 1; // drop this comma and the rest, up to the array's end
          return;
        }
        keep(b);
      }
      default -> keep(b);
    }
  }

  private void scanString(byte b) {
    if (escape) {
      escape = false;
      hex = b == 'u' ? 4 : 0;
    } else if (hex > 0) {
      hex--;
    } else if (b == '"') {
      inString = false;
      if (stringCut) {
        for (byte e : ELLIPSIS) {
          keep(e);
        }
      }
    } else {
      // cut only where a character starts: not inside an escape, not on a UTF-8 continuation
      if (!stringCut && stringKept >= MAX_STRING && (b & 0xC0) != 0x80) {
        stringCut = true;
      }
      escape = b == '\\';
    }
    if (stringCut && inString) {
      return;
    }
    stringKept++;
    keep(b);
  }

  private void keep(byte b) {
    if (skipArrayAt >= 0 || oversized) {
      return;
    }
    if (length == line.length) {
      if (length >= MAX_LINE) {
        oversized = true;
        return;
      }
      line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, length * 2));
    }
    line[length++] = b;
  }
}
