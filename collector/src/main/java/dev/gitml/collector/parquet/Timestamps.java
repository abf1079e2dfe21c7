package dev.gitml.collector.parquet;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Epoch milliseconds of the ISO-8601 texts records hold, for timestamp columns. The form every
 * gitml record writes is read by hand ({@link dev.gitml.storage.record.Timestamps#commonMillis}).
 * Anything else goes to {@link OffsetDateTime#parse} then {@link Instant#parse}, so the result is
 * theirs for every text; unlike the records' own reading, a time without a zone is none.
 */
public final class Timestamps {
  private Timestamps() {}

  /** Epoch milliseconds of an ISO-8601 text with an offset or {@code Z}; null if it is not one. */
  public static Long millis(String s) {
    Long fast = dev.gitml.storage.record.Timestamps.commonMillis(s);
    if (fast != null) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s).toEpochMilli();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
