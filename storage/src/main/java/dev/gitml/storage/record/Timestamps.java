package dev.gitml.storage.record;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * The timestamp spellings found in gitml's own records and in the Python collector's data: ISO-8601
 * with an offset ({@code 2026-08-07T15:15:14+12:00}, {@code …Z}), git's default ({@code 2025-12-27
 * 10:38:55 -0500}), and ISO-8601 without a zone (the Python collector's {@code
 * datetime.now().isoformat()}, read as UTC).
 */
public final class Timestamps {
  private static final DateTimeFormatter GIT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx");

  private Timestamps() {}

  /** Parses any supported spelling; empty when the text is none of them. */
  public static OptionalLong parseMillis(String text) {
    OffsetDateTime t = parseOffset(text);
    return t == null ? OptionalLong.empty() : OptionalLong.of(t.toInstant().toEpochMilli());
  }

  /** Like {@link #parseMillis} but 0 when absent or unreadable. */
  public static long millisOrZero(String text) {
    return parseMillis(text).orElse(0L);
  }

  /**
   * Rewrites any supported spelling as ISO-8601 with its offset kept ({@code
   * 2025-12-27T10:38:55-05:00}); {@code null} when unreadable.
   */
  public static String normalize(String text) {
    OffsetDateTime t = parseOffset(text);
    return t == null ? null : t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  /** Formats an instant as ISO-8601 UTC. */
  public static String iso(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }

  private static OffsetDateTime parseOffset(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String s = text.trim();
    try {
      return OffsetDateTime.parse(s);
    } catch (DateTimeParseException ignored) {
      // not ISO with an offset; try the next spelling
    }
    try {
      return OffsetDateTime.parse(s, GIT);
    } catch (DateTimeParseException ignored) {
      // not git's format either
    }
    try {
      return LocalDateTime.parse(s).atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
