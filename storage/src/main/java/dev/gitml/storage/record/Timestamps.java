package dev.gitml.storage.record;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
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
    Long common = text == null ? null : commonMillis(text);
    if (common != null) {
      return OptionalLong.of(common);
    }
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

  /**
   * Epoch milliseconds of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} with valid fields, the
   * form every gitml record writes ({@code 2026-01-21T07:15:00+01:00}, {@code
   * 2026-01-21T06:20:30.861Z}), read by hand: {@link OffsetDateTime#parse} takes a few microseconds
   * a value, a third of the Parquet export's time and a tenth of a transcript reader's. Null for
   * any other text, which the general parsers then read (or refuse), so the value is always theirs.
   */
  public static Long commonMillis(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
        nanos = nanos * 10 + (s.charAt(i) - '0');
        i++;
      }
      int count = i - start;
      if (count == 0 || (i < n && isDigit(s.charAt(i)))) {
        return null;
      }
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if ((oh | om) < 0 || oh > 18 || om > 59 || (oh == 18 && om > 0)) {
        return null;
      }
      offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
    } else {
      return null;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null; // 2026-02-30: the general parser refuses it with its own message
    }
    long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
    return seconds * 1000 + nanos / 1_000_000;
  }

  /** The non-negative number of {@code count} ASCII digits at {@code from}; -1 if one is not. */
  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
