package dev.gitml.storage.record;

import java.util.List;
import java.util.Set;

/**
 * One CI outcome for a commit ({@code gitml ci set}, {@code gitml ci capture}): the Python
 * collector's {@code ci_result} and {@code ci_details} as a record of its own, since a commit
 * record is never changed. Several may exist per commit (a re-run, a second job); the one with the
 * latest {@code timestamp} counts.
 */
public record CiResult(
    String commit,
    String result,
    Integer testsPassed,
    Integer testsFailed,
    Integer testsSkipped,
    Double coverage,
    Double durationSeconds,
    String message,
    String provider,
    String workflow,
    String job,
    String runId,
    List<Failure> failures,
    String timestamp,
    String source)
    implements RecordData {

  /**
   * The outcomes a record may hold: the four {@code gitml ci set} takes, and the Python tool's
   * {@code unknown}.
   */
  public static final Set<String> RESULTS = Set.of("pass", "fail", "error", "pending", "unknown");

  /** A failing test: its name ({@code classname.name}) and the first line of its message. */
  public record Failure(String name, String message) {}

  public CiResult {
    if (commit == null || commit.isBlank()) {
      throw new IllegalArgumentException("CI result without a commit");
    }
    if (result == null || !RESULTS.contains(result)) {
      throw new IllegalArgumentException("CI result '" + result + "': not one of " + RESULTS);
    }
    failures = failures == null || failures.isEmpty() ? null : List.copyOf(failures);
  }

  @Override
  public RecordType recordType() {
    return RecordType.CI;
  }

  @Override
  public long timestampMillis() {
    return Timestamps.millisOrZero(timestamp);
  }
}
