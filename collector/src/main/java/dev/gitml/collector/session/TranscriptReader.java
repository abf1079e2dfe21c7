package dev.gitml.collector.session;

import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads one assistant's session transcripts into chats and tool uses. One implementation per
 * assistant (Claude Code's JSONL first); {@link SessionIngest} does the rest the same way for
 * all of them.
 */
public interface TranscriptReader {
  /** The assistant's name in records ({@code claude-code}). */
  String assistant();

  /**
   * Reads {@code file} from byte {@code offset}, which is 0 or a position this reader returned.
   * Chats that end before the last one are complete and returned; the last is returned only when
   * {@code finish} (the session ended), since more of it may still be written. A half-written
   * last line is left for the next read.
   */
  Reading read(Path file, long offset, PathScope scope, boolean finish) throws IOException;

  /** The transcripts of the subagents that a session's transcript started. */
  List<Path> subagentTranscripts(Path file) throws IOException;

  /** What a subagent was asked to do, from its parent's call. */
  record Agent(String id, String type, String description, String parentChatId) {}

  /**
   * What a read found.
   *
   * @param next where the next read starts: the first line of the chat still open, or the end of
   *     the last whole line
   * @param garbage lines that were not JSON objects, skipped
   * @param facts what the lines say about the session as a whole
   */
  record Reading(List<Chat> chats, List<Action> actions, long next, int garbage,
      SessionFacts facts) {}

  /**
   * The session as the lines read show it: its id, time span, working directory and branch,
   * the compaction summaries, and the subagents started (by agent id).
   */
  record SessionFacts(String sessionId, String started, String ended, String cwd, String branch,
      List<String> compactions, Map<String, Agent> agents) {}
}
