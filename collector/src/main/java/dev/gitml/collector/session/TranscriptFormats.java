package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Which assistant wrote a transcript, told by its first line's shape (a Codex rollout's {@code
 * {timestamp, type, payload}} envelope or legacy header, a Gemini CLI JSONL header) or, for Gemini
 * CLI's JSON-document sessions ({@code session-*.json}), by its name; anything else is read as
 * Claude Code's.
 */
public final class TranscriptFormats {
  /** Lines looked at for the first JSON object: blank lines before it are passed over. */
  private static final int HEAD_LINES = 5;

  private TranscriptFormats() {}

  /** The reader for {@code real} (a real path, opened only if it is a regular file). */
  static TranscriptReader readerFor(Path real) throws IOException {
    if (GeminiSession.documentName(real)) {
      return new GeminiSession(); // one JSON document, not lines: told by its name
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
        break;
      }
    }
    return new ClaudeTranscript();
  }

  /**
   * The reader of the assistant named {@code assistant} (its name in records), for {@code gitml
   * sessions import --agent}; empty for an assistant gitml has no reader for.
   */
  static java.util.Optional<TranscriptReader> named(String assistant) {
    return java.util.Optional.ofNullable(
        switch (assistant) {
          case ClaudeTranscript.ASSISTANT -> new ClaudeTranscript();
          case CodexRollout.ASSISTANT -> new CodexRollout();
          case GeminiSession.ASSISTANT -> new GeminiSession();
          default -> null;
        });
  }

  /** The names of the assistants with a reader, for messages. */
  public static java.util.List<String> assistants() {
    return java.util.List.of(
        ClaudeTranscript.ASSISTANT, CodexRollout.ASSISTANT, GeminiSession.ASSISTANT);
  }
}
