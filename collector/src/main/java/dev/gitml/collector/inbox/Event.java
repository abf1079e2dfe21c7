package dev.gitml.collector.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event from a hook, as the launcher ({@code hooks/gitml-hook}) writes it into the inbox:
 *
 * <pre>
 * gitml-event 1          header lines "key value" (docs/events.md)
 * event post-commit
 * repo /home/ana/src/app
 * git-dir /home/ana/src/app/.git
 * head 3f2a…             (empty when the launcher could not read it: packed refs, worktrees)
 * branch main            (empty on a detached HEAD that is not a rebase)
 * args amend             the hook's arguments (post-rewrite: amend or rebase)
 *                        a blank line
 * …                      the body: the hook's stdin (post-rewrite: "old new" lines; an
 *                        assistant's hook: its JSON input, megabytes when it carries a file)
 * gitml-end              the file is whole
 * </pre>
 *
 * <p>Only the header is read into memory (at most {@link #MAX_HEADER_BYTES}); the body stays in the
 * file and is streamed from it ({@link #openBody()}), so an event of any size costs the daemon a
 * few kilobytes.
 *
 * @param name the event file's name in the inbox
 * @param file the event file
 * @param bodyOffset where the body starts in the file
 * @param bodyLength the body's length in bytes, the end marker left out
 */
public record Event(
    String name,
    String type,
    Path repo,
    Path gitDir,
    String head,
    String branch,
    String args,
    Path file,
    long bodyOffset,
    long bodyLength,
    long mtime) {
  public static final int VERSION = 1;
  static final String END = "gitml-end";

  /** The end marker as the last bytes of a whole file. */
  static final byte[] TAIL = ("\n" + END + "\n").getBytes(StandardCharsets.US_ASCII);

  /** The header lines are short; past this a file is not an event. */
  static final int MAX_HEADER_BYTES = 64 * 1024;

  /** An event file that is not one: set aside with the reason. */
  public static final class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public FormatException(String message) {
      super(message);
    }
  }

  /** Whether {@code file} has been written to its end (its last line is {@code gitml-end}). */
  static boolean complete(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long size = f.length();
      if (size == END.length() + 1) {
        byte[] b = new byte[END.length() + 1];
        f.readFully(b);
        return new String(b, StandardCharsets.US_ASCII).equals(END + "\n");
      }
      if (size < TAIL.length) {
        return false;
      }
      byte[] b = new byte[TAIL.length];
      f.seek(size - TAIL.length);
      f.readFully(b);
      return java.util.Arrays.equals(b, TAIL);
    }
  }

  /** Reads the header of a complete event file. */
  public static Event read(Path file) throws IOException {
    String name = file.getFileName().toString();
    if (!complete(file)) {
      throw new FormatException(name + ": does not end with " + END + " (cut short)");
    }
    long size = Files.size(file);
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes((int) Math.min(size, MAX_HEADER_BYTES));
    }
    int blank = indexOfBlankLine(head);
    if (blank < 0) {
      throw new FormatException(
          name
              + ": no blank line after the headers in its first "
              + MAX_HEADER_BYTES / 1024
              + " KiB");
    }
    String text = new String(head, 0, blank, StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int space = line.indexOf(' ');
      headers.put(
          space < 0 ? line : line.substring(0, space), space < 0 ? "" : line.substring(space + 1));
    }
    String version = headers.get("gitml-event");
    if (version == null) {
      throw new FormatException(name + ": not a gitml event (no gitml-event header)");
    }
    if (!version.equals(Integer.toString(VERSION))) {
      throw new FormatException(
          name + ": event format " + version + ", this gitml reads " + VERSION);
    }
    String type = headers.getOrDefault("event", "");
    String repo = headers.getOrDefault("repo", "");
    if (type.isEmpty() || repo.isEmpty() || !repo.startsWith("/")) {
      throw new FormatException(name + ": needs an event and an absolute repo path");
    }
    long bodyOffset = blank + 2;
    long bodyLength = Math.max(0, size - END.length() - 1 - bodyOffset);
    String gitDir = headers.getOrDefault("git-dir", "");
    return new Event(
        name,
        type,
        Path.of(repo),
        gitDir.isEmpty() ? null : Path.of(gitDir),
        headers.getOrDefault("head", ""),
        headers.getOrDefault("branch", ""),
        headers.getOrDefault("args", ""),
        file,
        bodyOffset,
        bodyLength,
        Files.getLastModifiedTime(file).toMillis());
  }

  /** What the event asks of the daemon. */
  public EventKind kind() {
    return EventKind.of(this);
  }

  /** The body, streamed from the file: the caller reads what it needs and closes it. */
  public InputStream openBody() throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    ch.position(bodyOffset);
    InputStream in = Channels.newInputStream(ch);
    return new InputStream() {
      private long left = bodyLength;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = in.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = in.read(buf, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  /** The body as text, for a body known to be small; null when it is over {@code max} bytes. */
  public String bodyText(int max) throws IOException {
    if (bodyLength > max) {
      return null;
    }
    try (InputStream in = openBody()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static int indexOfBlankLine(byte[] b) {
    for (int i = 0; i + 1 < b.length; i++) {
      if (b[i] == '\n' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
