package dev.gitml.collector.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  /** What the general parsers make of a text: the rule the hand-read form must follow. */
  private static Long general(String s) {
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

  @Test
  void millis_anyText_whatTheGeneralParsersGive() {
    List<String> texts =
        List.of(
            "2026-01-21T07:15:00+01:00",
            "2026-01-21T06:20:30.861Z",
            "2026-01-21T06:20:30.8Z",
            "2026-01-21T06:20:30.123456789-05:30",
            "1969-12-31T23:59:59.999Z",
            "0001-01-01T00:00:00Z",
            "2024-02-29T12:00:00+18:00",
            "2026-01-21T07:15:00-00:00",
            "2026-01-21T07:15+01:00",
            "2026-01-21t07:15:00z",
            "2026-01-21T07:15:00+01:00:30",
            "2026-01-21T07:15:00.Z",
            "2026-01-21T07:15:00.1234567891Z",
            "2026-02-30T07:15:00Z",
            "2025-02-29T07:15:00Z",
            "2026-01-21T24:00:00Z",
            "2026-01-21T23:60:00Z",
            "2026-01-21T23:59:60Z",
            "2026-13-21T07:15:00Z",
            "2026-01-21T07:15:00+19:00",
            "2026-01-21T07:15:00",
            "2026-01-21 07:15:00Z",
            "+12026-01-21T07:15:00Z",
            "not a time",
            "");
    for (String s : texts) {
      assertEquals(general(s), Timestamps.millis(s), s);
    }
  }
}
