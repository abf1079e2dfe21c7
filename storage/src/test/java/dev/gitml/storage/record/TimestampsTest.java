package dev.gitml.storage.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  /** What the general parsers make of a text: the rule the hand-read form must follow. */
  private static OptionalLong general(String text) {
    String s = text.trim();
    try {
      return OptionalLong.of(OffsetDateTime.parse(s).toInstant().toEpochMilli());
    } catch (DateTimeParseException e) {
      // the next spelling
    }
    try {
      return OptionalLong.of(
          OffsetDateTime.parse(s, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx"))
              .toInstant()
              .toEpochMilli());
    } catch (DateTimeParseException e) {
      // the next spelling
    }
    try {
      return OptionalLong.of(
          LocalDateTime.parse(s).atOffset(ZoneOffset.UTC).toInstant().toEpochMilli());
    } catch (DateTimeParseException e) {
      return OptionalLong.empty();
    }
  }

  @Test
  void parseMillis_anySpelling_whatTheGeneralParsersGive() {
    List<String> texts =
        List.of(
            "2026-01-21T07:15:00+01:00",
            "2026-01-21T06:20:30.861Z",
            "2026-01-21T06:20:30.8Z",
            "2026-01-21T06:20:30.123456789-05:30",
            " 2026-01-21T06:20:30.861Z ",
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
            "2025-12-27 10:38:55 -0500",
            "+12026-01-21T07:15:00Z",
            "not a time",
            "");
    for (String s : texts) {
      assertEquals(general(s), Timestamps.parseMillis(s), s);
    }
    assertEquals(OptionalLong.empty(), Timestamps.parseMillis(null));
  }

  @Test
  void commonMillis_theFormsRecordsWrite_readByHand() {
    assertNotNull(Timestamps.commonMillis("2026-01-21T07:15:00+01:00"));
    assertNotNull(Timestamps.commonMillis("2026-01-21T06:20:30.861Z"));
    assertEquals(
        Instant.parse("2026-01-21T06:15:00Z").toEpochMilli(),
        Timestamps.commonMillis("2026-01-21T07:15:00+01:00"));
    assertNull(Timestamps.commonMillis("2026-02-30T07:15:00Z"));
    assertNull(Timestamps.commonMillis("2025-12-27 10:38:55 -0500"));
  }
}
