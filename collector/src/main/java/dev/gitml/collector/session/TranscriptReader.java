package dev.gitml.collector.session;

import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.RecordData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads one assistant's session transcripts into chats and tool uses. One implementation per
 * assistant (Claude Code's JSONL first); {@link SessionIngest} does the rest the same way for all
 * of them.
 */
public interface TranscriptReader {
  /** The assistant's name in records ({@code claude-code}). */
  String assistant();

  /**
   * Reads {@code file} (a real path: a link is not followed, and anything but a regular file is
   * refused) from byte {@code offset}, which is 0 or a position this reader returned, a line at a
   * time, handing each chat and tool use to {@code sink} as soon as it is complete, so that what is
   * held does not grow with the transcript. Chats that end before the last one are complete; the
   * last is given only when {@code finish} (the session ended), since more of it may still be
   * written. A half-written last line is left for the next read.
   */
  Reading read(Path file, long offset, PathScope scope, boolean finish, Sink sink)
      throws IOException;

  /**
   * The transcripts of the subagents that a session's transcript started, those that {@code
   * confinement} allows (the rest it notes as refused). None by default: most assistants keep a
   * subagent's work in the session's own file, or as a session of its own.
   */
  default List<Path> subagentTranscripts(Path file, Confinement confinement) throws IOException {
    return List.of();
  }

  /**
   * Whether one transcript holds several sessions (Aider's history file appends every run to one
   * file): then the chats and tool uses of each are told apart by their session id, and {@link
   * Reading#sessions()} lists each.
   */
  default boolean manySessions() {
    return false;
  }

  /**
   * How a commit says this assistant made it (Aider's {@code aider: } subject prefix or {@code
   * Co-authored-by: aider} trailer), if it marks its commits: such a commit made while one of its
   * sessions ran links to it even when the session does not name it.
   */
  default Optional<Predicate<Commit>> commitMark() {
    return Optional.empty();
  }

  /** Receives chats and tool uses as a read completes them. */
  @FunctionalInterface
  interface Sink {
    void accept(RecordData record) throws IOException;
  }

  /** What a subagent was asked to do, from its parent's call. */
  record Agent(String id, String type, String description, String parentChatId) {}

  /**
   * What a read found.
   *
   * @param chats chats given to the sink
   * @param actions tool uses given to the sink
   * @param next where the next read starts: the first line of the chat still open, or the end of
   *     the last whole line
   * @param garbage lines skipped: not JSON objects, or too large to keep even when cut
   * @param facts what the lines say about the session as a whole (the last one read, when the
   *     transcript holds several)
   * @param sessions every session read, in order; {@code [facts]} for a transcript of one session
   */
  record Reading(
      int chats,
      int actions,
      long next,
      int garbage,
      SessionFacts facts,
      List<SessionFacts> sessions) {
    public Reading {
      sessions = List.copyOf(sessions);
    }

    /** A reading of a transcript that holds one session. */
    public Reading(int chats, int actions, long next, int garbage, SessionFacts facts) {
      this(chats, actions, next, garbage, facts, List.of(facts));
    }
  }

  /**
   * The session as the lines read show it: its id, time span, working directory and branch, the
   * compaction summaries, the subagents started (by agent id), and the commits the session itself
   * says it made ({@code namedCommits}: chat id to the abbreviated hashes it names, as Aider's
   * {@code > Commit 1b2614a …} lines do).
   */
  record SessionFacts(
      String sessionId,
      String started,
      String ended,
      String cwd,
      String branch,
      List<String> compactions,
      Map<String, Agent> agents,
      Map<String, List<String>> namedCommits) {
    public SessionFacts {
      namedCommits = namedCommits == null ? Map.of() : namedCommits;
    }

    /** Facts of a session that names no commits of its own. */
    public SessionFacts(
        String sessionId,
        String started,
        String ended,
        String cwd,
        String branch,
        List<String> compactions,
        Map<String, Agent> agents) {
      this(sessionId, started, ended, cwd, branch, compactions, agents, Map.of());
    }
  }
}
