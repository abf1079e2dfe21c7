package dev.gitml.storage.record;

import java.util.List;

/**
 * A lite commit record (stream {@code commits}, tracked): the Python collector's fields, so that
 * exports and migrated data line up. {@code timestamp} is ISO-8601 with the author's own UTC
 * offset; {@code message} is the full message; {@code seconds_since_last_commit} is measured from
 * the commit's own first parent (null for a root commit).
 */
public record Commit(
    String hash,
    String message,
    String author,
    String timestamp,
    String branch,
    List<String> filesChanged,
    int insertions,
    int deletions,
    int hourOfDay,
    String dayOfWeek,
    boolean isMerge,
    boolean isInitial,
    int parentCount,
    Long secondsSinceLastCommit)
    implements RecordData {

  public Commit {
    if (hash == null || hash.isBlank()) {
      throw new IllegalArgumentException("commit without a hash");
    }
    filesChanged = filesChanged == null ? List.of() : List.copyOf(filesChanged);
  }

  /**
   * The full record of this commit: these fields with its {@code hunks} and what capture learnt
   * ({@code sessionId}, {@code amended}, {@code reverted}, {@code notes}; null and false where
   * nothing is known).
   */
  public CommitFull full(
      List<Hunk> hunks, String sessionId, boolean amended, boolean reverted, List<String> notes) {
    return new CommitFull(
        hash,
        message,
        author,
        timestamp,
        branch,
        filesChanged,
        insertions,
        deletions,
        hourOfDay,
        dayOfWeek,
        isMerge,
        isInitial,
        parentCount,
        secondsSinceLastCommit,
        hunks,
        sessionId,
        amended,
        reverted,
        notes);
  }

  @Override
  public RecordType recordType() {
    return RecordType.COMMIT;
  }

  @Override
  public long timestampMillis() {
    return Timestamps.millisOrZero(timestamp);
  }
}
