package dev.gitml.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.report.Contribution;
import dev.gitml.storage.Store;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code gitml contribute status|enable|disable|preview}: your consent to share the aggregates of
 * {@code gitml patterns}, kept in {@code .git-ml/local/contribute.json} (yours, never committed).
 * {@code preview} prints exactly what would be shared. Nothing is sent anywhere by gitml itself,
 * and {@code gitml sync} does not publish them: the aggregates are written to {@code
 * .git-ml/shared/} for the user to share as they choose.
 */
@Command(
    name = "contribute",
    description = "Consent to share aggregates: status, enable," + " disable, preview.")
final class ContributeCommand extends GitmlSubcommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "status|enable|disable|preview",
      defaultValue = "status",
      description =
          "Show the consent (the default), give it, take it back, or print what"
              + " would be shared.")
  String action;

  @Override
  public Integer call() throws Exception {
    try (Store store = gitml().openStore()) {
      Contribution consent = new Contribution(store, gitml().clock());
      switch (action) {
        case "status" -> {
          boolean on = consent.enabled();
          gitml()
              .out()
              .println(
                  "contribution: "
                      + (on ? "enabled" : "disabled")
                      + (on
                          ? " (gitml patterns writes the aggregates to .git-ml/shared/,"
                              + " for you to share as you choose)"
                          : " (nothing is shared; gitml contribute enable to change that)"));
        }
        case "enable", "disable" -> {
          consent.set(action.equals("enable"));
          gitml().out().println("contribution " + action + "d");
        }
        case "preview" -> {
          for (Map.Entry<String, ObjectNode> e : consent.preview().entrySet()) {
            gitml().out().println("== " + e.getKey());
            Json.print(gitml().out(), e.getValue());
          }
        }
        default ->
            throw new Cli.UsageException("contribute: say status, enable, disable or preview");
      }
    }
    return Cli.OK;
  }
}
