package dev.gitml.collector.report;

import dev.gitml.storage.Store;
import dev.gitml.storage.config.Config;
import dev.gitml.storage.record.RecordType;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When each milestone will be reached at the recent pace: commits, sessions and chats first seen in
 * the last {@code window} days, per active day (a day with any of them), times the share of days
 * that were active. Says so instead of guessing when there were fewer than {@link #MIN_ACTIVE_DAYS}
 * active days, or none of what a milestone still needs.
 */
public final class Estimate {
  public static final int WINDOW_DAYS = 30;
  static final int MIN_ACTIVE_DAYS = 3;
  private static final List<String> KINDS = List.of("commits", "sessions", "chats");

  private Estimate() {}

  /** The recent pace. */
  public record Pace(
      int windowDays, int activeDays, Map<String, Long> seen, Map<String, Double> perActiveDay) {}

  /** One milestone: reached, or when (null with the reason when it cannot be said). */
  public record Eta(
      String milestone, boolean reached, Long days, String date, String limitedBy, String why) {}

  public record Result(Pace pace, Map<String, Long> have, List<Eta> milestones) {}

  public static Result of(Store store, Clock clock) throws IOException {
    long now = clock.millis();
    long from = now - WINDOW_DAYS * 86_400_000L;
    Map<String, Long> seen = new LinkedHashMap<>();
    Set<LocalDate> active = new HashSet<>();
    Map<String, Long> have = new LinkedHashMap<>();
    Map<String, Store.StreamStats> stats = store.stats();
    for (String kind : KINDS) {
      have.put(kind, stats.get(type(kind).stream()).keys());
      List<Long> firsts = store.firstRecorded(type(kind), from, now);
      seen.put(kind, (long) firsts.size());
      for (long ts : firsts) {
        active.add(Instant.ofEpochMilli(ts).atZone(ZoneOffset.UTC).toLocalDate());
      }
    }
    Map<String, Double> perDay = new LinkedHashMap<>();
    for (String kind : KINDS) {
      perDay.put(kind, active.isEmpty() ? 0 : (double) seen.get(kind) / active.size());
    }
    Pace pace = new Pace(WINDOW_DAYS, active.size(), seen, perDay);
    double activeShare = (double) active.size() / WINDOW_DAYS;
    List<Eta> etas = new ArrayList<>();
    for (Map.Entry<String, Config.Milestone> m : store.config().milestones().entrySet()) {
      etas.add(eta(m.getKey(), m.getValue(), have, pace, activeShare, now));
    }
    return new Result(pace, have, etas);
  }

  private static Eta eta(
      String name,
      Config.Milestone need,
      Map<String, Long> have,
      Pace pace,
      double activeShare,
      long now) {
    Map<String, Long> needs =
        Map.of(
            "commits",
            (long) need.commits(),
            "sessions",
            (long) need.sessions(),
            "chats",
            (long) need.chats());
    long worst = 0;
    String limit = null;
    for (String kind : KINDS) {
      long missing = needs.get(kind) - have.get(kind);
      if (missing <= 0) {
        continue;
      }
      if (pace.activeDays() < MIN_ACTIVE_DAYS) {
        return new Eta(
            name,
            false,
            null,
            null,
            kind,
            "too little recent activity to say ("
                + pace.activeDays()
                + " active days in the last "
                + WINDOW_DAYS
                + ")");
      }
      double perCalendarDay = pace.perActiveDay().get(kind) * activeShare;
      if (perCalendarDay <= 0) {
        return new Eta(
            name,
            false,
            null,
            null,
            kind,
            "no new " + kind + " in the last " + WINDOW_DAYS + " days");
      }
      long days = (long) Math.ceil(missing / perCalendarDay);
      if (days > worst) {
        worst = days;
        limit = kind;
      }
    }
    if (limit == null) {
      return new Eta(name, true, 0L, null, null, null);
    }
    LocalDate date =
        Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).toLocalDate().plus(worst, ChronoUnit.DAYS);
    return new Eta(name, false, worst, date.toString(), limit, null);
  }

  private static RecordType type(String kind) {
    return switch (kind) {
      case "commits" -> RecordType.COMMIT;
      case "sessions" -> RecordType.SESSION;
      default -> RecordType.CHAT;
    };
  }
}
