package dev.gitml.storage.record;

import java.util.List;
import java.util.Map;

/**
 * The summary of one assistant session. {@code chats} counts its exchanges, {@code tools_used}
 * counts tool uses by tool, {@code files} lists the files it read or changed and {@code commits}
 * the commits made while it was active. {@code queries} holds prompt previews and {@code
 * orchestration} the subagent summary, both as the Python collector kept them.
 */
public record Session(
    String sessionId,
    String started,
    String ended,
    String assistant,
    String cwd,
    String branch,
    Integer chats,
    Map<String, Integer> toolsUsed,
    List<String> files,
    List<String> commits,
    List<String> chatIds,
    List<String> queries,
    String summary,
    com.fasterxml.jackson.databind.JsonNode orchestration)
    implements RecordData {

  public Session {
    if (sessionId == null || sessionId.isBlank()) {
      throw new IllegalArgumentException("session without a session_id");
    }
    toolsUsed = toolsUsed == null ? Map.of() : Map.copyOf(toolsUsed);
    files = files == null ? List.of() : List.copyOf(files);
    commits = commits == null ? List.of() : List.copyOf(commits);
    chatIds = chatIds == null ? List.of() : List.copyOf(chatIds);
    queries = queries == null || queries.isEmpty() ? null : List.copyOf(queries);
  }

  @Override
  public RecordType recordType() {
    return RecordType.SESSION;
  }

  @Override
  public long timestampMillis() {
    return Timestamps.millisOrZero(started);
  }
}
