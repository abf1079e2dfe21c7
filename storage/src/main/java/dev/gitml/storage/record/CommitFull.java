package dev.gitml.storage.record;

import java.util.List;

/**
 * A full commit record (stream {@code commits-full}, local only): the lite fields, the diff hunks,
 * and what was learnt about the commit at capture time. {@code notes} says what was left out and
 * why (a binary file, a diff over the size bound).
 */
public record CommitFull(
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
    Long secondsSinceLastCommit,
    List<Hunk> hunks,
    String sessionId,
    boolean amended,
    boolean reverted,
    List<String> notes)
    implements RecordData {

  public CommitFull {
    if (hash == null || hash.isBlank()) {
      throw new IllegalArgumentException("commit without a hash");
    }
    filesChanged = filesChanged == null ? List.of() : List.copyOf(filesChanged);
    hunks = hunks == null ? List.of() : List.copyOf(hunks);
    notes = notes == null || notes.isEmpty() ? null : List.copyOf(notes);
  }

  /** The lite record of the same commit. */
  public Commit lite() {
    return new Commit(
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
        secondsSinceLastCommit);
  }

  @Override
  public RecordType recordType() {
    return RecordType.COMMIT_FULL;
  }

  @Override
  public long timestampMillis() {
    return Timestamps.millisOrZero(timestamp);
  }
}
