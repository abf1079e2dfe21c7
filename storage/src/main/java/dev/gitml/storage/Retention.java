package dev.gitml.storage;

import dev.gitml.storage.record.RecordType;
import java.time.Clock;
import java.time.Duration;

/**
 * Which records {@code gitml cleanup} drops: those recorded before {@code cutoffMillis}. A record
 * of unknown time ({@code ts} 0) is kept, since its age cannot be told, and so are the training
 * runs, the history of every model (few, small, and what {@code gitml train --list} shows).
 *
 * <p>This is the one statement of the rule: both what a dry run counts ({@link Store#expired}) and
 * what is dropped ({@link Store#dropExpired}) ask {@link #drops}.
 */
public record Retention(long cutoffMillis) {

  /** The rule that keeps the last {@code days} days as of {@code clock}'s now. */
  public static Retention keepingDays(int days, Clock clock) {
    if (days < 1) {
      throw new IllegalArgumentException("retention of " + days + " days: at least 1");
    }
    return new Retention(clock.instant().minus(Duration.ofDays(days)).toEpochMilli());
  }

  /** Whether a record of {@code type} recorded at {@code ts} (epoch ms) is dropped. */
  public boolean drops(RecordType type, long ts) {
    return ts > 0 && ts < cutoffMillis && type != RecordType.RUN;
  }
}
