package dev.gitml.storage.record;

import java.util.List;

/**
 * A GitHub issue as {@code gh issue view --json} describes it ({@code gitml github}). Stored again
 * whenever it changed; the last one stored for a {@code number} is the current one.
 */
public record Issue(
    int number,
    String title,
    String body,
    String state,
    String url,
    String author,
    List<String> labels,
    String createdAt,
    String closedAt,
    List<Comment> comments)
    implements RecordData {

  public Issue {
    if (number < 1) {
      throw new IllegalArgumentException("issue number " + number + ": must be positive");
    }
    labels = labels == null ? List.of() : List.copyOf(labels);
    comments = comments == null ? List.of() : List.copyOf(comments);
  }

  /** How links name it: {@code issue#7}. */
  public String ref() {
    return "issue#" + number;
  }

  @Override
  public RecordType recordType() {
    return RecordType.ISSUE;
  }

  @Override
  public long timestampMillis() {
    return Timestamps.millisOrZero(createdAt);
  }
}
