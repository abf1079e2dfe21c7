package dev.gitml.storage.record;

import java.util.List;

/**
 * A GitHub pull request as {@code gh pr view --json} describes it ({@code gitml github}). Stored
 * again whenever it changed; the last one stored for a {@code number} is the current one. {@code
 * commits} are the head branch's commit hashes, {@code closes} the issue numbers GitHub lists as
 * closed by it ({@code closingIssuesReferences}).
 */
public record PullRequest(
    int number,
    String title,
    String body,
    String state,
    String url,
    String author,
    List<String> labels,
    String createdAt,
    String mergedAt,
    String closedAt,
    String headRef,
    String baseRef,
    List<String> commits,
    List<Comment> reviews,
    List<Comment> comments,
    List<Integer> closes)
    implements RecordData {

  public PullRequest {
    if (number < 1) {
      throw new IllegalArgumentException("pull request number " + number + ": must be positive");
    }
    labels = labels == null ? List.of() : List.copyOf(labels);
    commits = commits == null ? List.of() : List.copyOf(commits);
    reviews = reviews == null ? List.of() : List.copyOf(reviews);
    comments = comments == null ? List.of() : List.copyOf(comments);
    closes = closes == null ? List.of() : List.copyOf(closes);
  }

  /** How links name it: {@code pull#12}. */
  public String ref() {
    return "pull#" + number;
  }

  @Override
  public RecordType recordType() {
    return RecordType.PULL_REQUEST;
  }

  @Override
  public long timestampMillis() {
    return Timestamps.millisOrZero(createdAt);
  }
}
