package dev.gitml.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.report.Estimate;
import dev.gitml.storage.Store;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gitml estimate [--json]}: when each milestone will be reached at the recent pace. */
@Command(
    name = "estimate",
    description = "When each milestone will be reached at the recent" + " pace.")
final class EstimateCommand extends GitmlSubcommand implements Callable<Integer> {
  @Mixin JsonOption output;

  @Override
  public Integer call() throws Exception {
    Estimate.Result r;
    try (Store store = gitml().openStore()) {
      r = Estimate.of(store, gitml().clock());
    }
    if (output.json()) {
      ObjectNode root = Json.object();
      ObjectNode pace = root.putObject("pace");
      pace.put("window_days", r.pace().windowDays());
      pace.put("active_days", r.pace().activeDays());
      r.pace().seen().forEach((k, v) -> pace.withObjectProperty("new").put(k, v));
      r.pace()
          .perActiveDay()
          .forEach(
              (k, v) ->
                  pace.withObjectProperty("per_active_day").put(k, Math.round(v * 100) / 100.0));
      r.have().forEach((k, v) -> root.withObjectProperty("have").put(k, v));
      ObjectNode ms = root.putObject("milestones");
      for (Estimate.Eta e : r.milestones()) {
        ObjectNode m = ms.putObject(e.milestone());
        m.put("reached", e.reached());
        m.put("days", e.days());
        m.put("date", e.date());
        m.put("limited_by", e.limitedBy());
        m.put("why", e.why());
      }
      Json.print(gitml().out(), root);
      return Cli.OK;
    }
    var out = gitml().out();
    out.printf(
        Locale.ROOT,
        "last %d days: %d active; per active day %.1f commits, %.1f" + " sessions, %.1f chats%n",
        r.pace().windowDays(),
        r.pace().activeDays(),
        r.pace().perActiveDay().get("commits"),
        r.pace().perActiveDay().get("sessions"),
        r.pace().perActiveDay().get("chats"));
    for (Estimate.Eta e : r.milestones()) {
      String what =
          e.reached()
              ? "reached"
              : e.date() != null
                  ? "about "
                      + e.date()
                      + " ("
                      + e.days()
                      + " days; "
                      + e.limitedBy()
                      + " are the slowest)"
                  : "cannot say: " + e.why();
      out.printf(Locale.ROOT, "  %-17s %s%n", e.milestone().replace('_', ' '), what);
    }
    return Cli.OK;
  }
}
