package dev.gitml.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.gitml.collector.predict.Models;
import dev.gitml.collector.predict.Trainer;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.RecordMapper;
import dev.gitml.storage.record.Run;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gitml train [--model NAME]}, {@code gitml train --list}. */
@Command(
    name = "train",
    description = "Train the file predictor on the stored commits, or list" + " the training runs.")
final class TrainCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(
      names = "--model",
      paramLabel = "NAME",
      defaultValue = Models.DEFAULT,
      description = "blend (gitml's, the default) or baseline (the Python collector's).")
  String model;

  @Option(names = "--list", description = "The training runs, newest first.")
  boolean list;

  @Mixin JsonOption output;

  @Override
  public Integer call() throws Exception {
    try (Store store = gitml().openStore()) {
      if (list) {
        list(store);
        return Cli.OK;
      }
      if (!Models.NAMES.contains(model.toLowerCase(Locale.ROOT))) {
        throw new Cli.UsageException("--model: one of " + String.join(", ", Models.NAMES));
      }
      Trainer.Trained t = Trainer.train(store, model, gitml().clock());
      if (output.json()) {
        Json.print(gitml().out(), t.info());
      } else {
        JsonNode m = t.info().get("metrics");
        gitml()
            .out()
            .printf(
                Locale.ROOT,
                "trained %s on %d commits in %.1f s: MRR %.3f on the"
                    + " newest 20%% (baseline %.3f) -> %s%n",
                t.info().get("algorithm").asText(),
                t.info().at("/data/commits").asInt(),
                t.info().get("seconds").asDouble(),
                m.get("mrr").asDouble(),
                m.get("baseline_mrr").asDouble(),
                t.dir());
      }
    }
    return Cli.OK;
  }

  private void list(Store store) throws java.io.IOException {
    List<Run> runs = new ArrayList<>();
    store.scan(Run.class, r -> runs.add(r.data()));
    runs.sort(Comparator.comparing((Run r) -> text(r.started())).reversed());
    if (output.json()) {
      ArrayNode a = Json.array();
      runs.forEach(r -> a.add(RecordMapper.toData(r)));
      Json.print(gitml().out(), a);
      return;
    }
    if (runs.isEmpty()) {
      gitml().out().println("no training runs yet (gitml train)");
    }
    for (Run r : runs) {
      gitml()
          .out()
          .printf(
              Locale.ROOT,
              "%-20s  %-26s  %-6s  commits %-6d  MRR %s%n",
              text(r.started()),
              r.model(),
              text(r.status()),
              r.dataCounts() == null ? 0 : r.dataCounts().path("commits").asInt(),
              mrr(r));
    }
  }

  /** MRR with 3 decimals, as {@code gitml train} prints it; {@code -} when not measured. */
  private static String mrr(Run r) {
    JsonNode mrr = r.metrics() == null ? null : r.metrics().get("mrr");
    return mrr == null || !mrr.isNumber()
        ? "-"
        : String.format(Locale.ROOT, "%.3f", mrr.asDouble());
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
