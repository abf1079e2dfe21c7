package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A JSONL transcript read from a byte offset a bounded line at a time ({@link BoundedLines}), as
 * every line-per-record reader reads one: each whole line that is a JSON object is handed on with
 * the offset it starts at; blank lines are passed over; a line that is not a JSON object, or too
 * long to keep, is counted; a half-written last line is left for the next read.
 */
final class JsonLines {
  private JsonLines() {}

  /** Receives each JSON object line and the byte offset it starts at. */
  @FunctionalInterface
  interface Handler {
    void object(JsonNode line, long at) throws IOException;
  }

  /**
   * What a read found.
   *
   * @param end where the next read starts: the end of the last whole line
   * @param garbage lines that were not JSON objects, or too long to keep
   */
  record Read(long end, int garbage) {}

  /** Reads {@code file} (a real path, opened only if it is a regular file) from {@code offset}. */
  static Read read(Path file, long offset, Handler handler) throws IOException {
    int garbage = 0;
    try (InputStream in = Confinement.open(file, offset)) {
      BoundedLines lines = new BoundedLines(in, offset);
      while (lines.next()) {
        int length = lines.length();
        byte[] bytes = lines.bytes();
        if (lines.oversized()) {
          garbage++;
          continue;
        }
        if (length == 0 || (length == 1 && bytes[0] == '\r')) {
          continue;
        }
        JsonNode line;
        try {
          line = Mappers.JSON.readTree(bytes, 0, length);
        } catch (IOException notJson) {
          garbage++;
          continue;
        }
        if (line == null || !line.isObject()) {
          garbage++;
          continue;
        }
        handler.object(line, lines.start());
      }
      return new Read(lines.end(), garbage);
    }
  }
}
