package dev.gitml.collector.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The event being processed, named in a file of the home ({@code inflight}) before its work starts
 * and cleared after, so that a daemon that dies on an event (killed for memory, a crash of the JVM)
 * is noticed by the next one: an event that was in flight {@link #MAX_CRASHES} times is set aside
 * instead of taking every daemon the hooks start down with it.
 */
final class InFlight {
  static final int MAX_CRASHES = 3;

  private final Path file;

  InFlight(Path file) {
    this.file = file;
  }

  /** An event a previous daemon died on, and how many daemons did. */
  record Crashed(String event, int times) {}

  /** What the file names: the event a daemon was processing when it died, if any. */
  Crashed crashed() throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return null;
    }
    String[] parts = text.split(" ");
    if (parts.length != 2 || parts[0].isEmpty()) {
      return null;
    }
    try {
      return new Crashed(parts[0], Integer.parseInt(parts[1]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Names {@code event} as in flight; {@code crashes}: daemons that died on it before. */
  void start(String event, int crashes) throws IOException {
    // no fsync: a daemon's death leaves the page cache to the next one; a power cut forgets
    // only the count
    Files.writeString(file, event + " " + crashes + "\n", StandardCharsets.UTF_8);
  }

  void done() throws IOException {
    Files.deleteIfExists(file);
  }
}
