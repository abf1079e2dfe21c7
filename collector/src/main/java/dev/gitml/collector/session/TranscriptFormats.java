package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.foreign.ForeignDatabase;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which assistant wrote a transcript, told by its name (Gemini CLI's JSON-document sessions {@code
 * session-*.json}, OpenCode's session files {@code session/<project>/ses_*.json}, Aider's {@code
 * .aider.chat.history.md}, a Cline task's {@code api_conversation_history.json}, VS Code's {@code
 * chatSessions/*.json(l)}) or its first line's shape (a Codex rollout's {@code {timestamp, type,
 * payload}} envelope or legacy header, a Gemini CLI JSONL header, a Cursor agent transcript's
 * {@code {role, message}}, a Copilot CLI event, an Aider session header); anything else is read as
 * Claude Code's. An SQLite file is a database of sessions (OpenCode, Cursor), told by its tables.
 */
public final class TranscriptFormats {
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
    if (ClineTask.recognizes(real)) {
      return new ClineTask();
    }
    if (CopilotChatSession.recognizes(real)) {
      return new CopilotChatSession(); // VS Code's chatSessions/, told by its folder
    }
    if (AiderHistory.recognizes(real, null)) {
      return new AiderHistory();
    }
    try (InputStream in = Confinement.open(real, 0)) {
      BoundedLines lines = new BoundedLines(in, 0);
      for (int i = 0; i < HEAD_LINES && lines.next(); i++) {
        if (lines.oversized() || lines.length() == 0) {
          continue;
        }
        String text = new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8);
        if (AiderHistory.recognizes(real, text)) {
          return new AiderHistory();
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
        if (CopilotEvents.recognizes(first)) {
          return new CopilotEvents();
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
          case AiderHistory.ASSISTANT -> new AiderHistory();
          case ClineTask.ASSISTANT -> new ClineTask();
          case CopilotEvents.ASSISTANT -> new CopilotEvents();
          case OpenCodeChats.ASSISTANT -> new OpenCodeStorage();
          case CursorTranscript.ASSISTANT -> new CursorTranscript();
          default -> null;
        });
  }

  /** The names of the assistants with a reader, for messages. */
  public static java.util.List<String> assistants() {
    return java.util.List.of(
        ClaudeTranscript.ASSISTANT,
        CodexRollout.ASSISTANT,
        GeminiSession.ASSISTANT,
        AiderHistory.ASSISTANT,
        ClineTask.ASSISTANT,
        CopilotEvents.ASSISTANT,
        OpenCodeChats.ASSISTANT,
        CursorTranscript.ASSISTANT);
  }
}
