package dev.gitml.agent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** A date given on the command line: {@code yyyy-mm-dd} (local midnight) or ISO-8601. */
final class DateArgument {
  private DateArgument() {}

  static Instant parse(String option, String text) {
    try {
      return LocalDate.parse(text).atStartOfDay(ZoneId.systemDefault()).toInstant();
    } catch (DateTimeParseException notADate) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw new Cli.UsageException(option + ": not a date (yyyy-mm-dd or ISO-8601): " + text);
      }
    }
  }
}
