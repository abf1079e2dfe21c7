package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.foreign.ForeignDatabase;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which assistant wrote a transcript, told by its first line's shape (a Codex rollout's {@code
 * {timestamp, type, payload}} envelope or legacy header, a Gemini CLI JSONL header, a Cursor agent
 * transcript's {@code {role, message}}) or, for Gemini CLI's JSON-document sessions ({@code
 * session-*.json}) and OpenCode's session files ({@code session/<project>/ses_*.json}), by its
 * name; anything else is read as Claude Code's. An SQLite file is a database of sessions (OpenCode,
 * Cursor), told by its tables.
 */
final class TranscriptFormats {
  /** Lines looked at for the first JSON object: blank lines before it are passed over. */
  private static final int HEAD_LINES = 5;

  private TranscriptFormats() {}

  /**
   * The sessions of {@code real} when it is an assistant's SQLite database (OpenCode's {@code
   * opencode.db}, Cursor's {@code state.vscdb}), told by the file's first bytes and its tables;
   * empty when it is not SQLite. An SQLite file of neither is an error.
   */
  static Optional<SessionDatabase> databaseFor(Path real) throws IOException {
    if (!ForeignDatabase.isDatabase(real)) {
      return Optional.empty();
    }
    ForeignDatabase db = ForeignDatabase.open(real);
    try {
      if (CursorDatabase.recognizes(db)) {
        return Optional.of(new CursorDatabase(db));
      }
      if (OpenCodeDatabase.recognizes(db)) {
        return Optional.of(new OpenCodeDatabase(db));
      }
    } catch (IOException | RuntimeException e) {
      db.close();
      throw e;
    }
    db.close();
    throw new IOException(real + ": an SQLite file, but neither OpenCode's nor Cursor's sessions");
  }

  /** The reader for {@code real} (a real path, opened only if it is a regular file). */
  static TranscriptReader readerFor(Path real) throws IOException {
    if (GeminiSession.documentName(real)) {
      return new GeminiSession(); // one JSON document, not lines: told by its name
    }
    if (OpenCodeStorage.sessionFile(real)) {
      return new OpenCodeStorage(); // the session's file in a tree of JSON files
    }
    try (InputStream in = Confinement.open(real, 0)) {
      BoundedLines lines = new BoundedLines(in, 0);
      for (int i = 0; i < HEAD_LINES && lines.next(); i++) {
        if (lines.oversized() || lines.length() == 0) {
          continue;
        }
        JsonNode first;
        try {
          first = Mappers.JSON.readTree(lines.bytes(), 0, lines.length());
        } catch (IOException notJson) {
          continue; // garbage is counted by the reader itself
        }
        if (CodexRollout.recognizes(first)) {
          return new CodexRollout();
        }
        if (GeminiSession.recognizes(first)) {
          return new GeminiSession();
        }
        if (CursorTranscript.recognizes(first)) {
          return new CursorTranscript();
        }
        break;
      }
    }
    return new ClaudeTranscript();
  }
}
