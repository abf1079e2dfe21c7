package dev.gitml.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.predict.BaselineModel;
import dev.gitml.collector.predict.Evaluation;
import dev.gitml.collector.predict.History;
import dev.gitml.collector.predict.HistoryCommit;
import dev.gitml.collector.predict.Metrics;
import dev.gitml.collector.predict.Models;
import dev.gitml.storage.Store;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gitml evaluate [--model NAME] [--protocol rolling|frozen|random] [--queries text|seed1]
 * [--max-files 30] [--json]}: the file predictor measured on this repository's own history, beside
 * the baseline on the same queries.
 */
@Command(
    name = "evaluate",
    description =
        "Measure the file predictor on this repository's"
            + " history (in time order by default), beside the baseline.")
final class EvaluateCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(
      names = "--model",
      paramLabel = "NAME",
      defaultValue = Models.DEFAULT,
      description = "blend (gitml's, the default) or baseline (the Python collector's).")
  String model;

  @Option(
      names = "--protocol",
      paramLabel = "rolling|frozen|random",
      defaultValue = "rolling",
      description =
          "rolling: each commit predicted from the ones before it (default); frozen:"
              + " the oldest 80%% train, the rest test; random: a seeded 80/20 shuffle (flatters).")
  String protocol;

  @Option(
      names = "--queries",
      paramLabel = "text|seed1",
      defaultValue = "text",
      description = "text: the message alone; seed1: the message and one of the commit's files.")
  String queries;

  @Option(
      names = "--max-files",
      paramLabel = "N",
      defaultValue = "" + HistoryCommit.MAX_FILES,
      description = "Leave out commits that change more files (counted).")
  int maxFiles;

  @Mixin JsonOption output;

  @Override
  public Integer call() throws Exception {
    Evaluation.Protocol p = parse(Evaluation.Protocol.class, "--protocol", protocol);
    Evaluation.Queries q = parse(Evaluation.Queries.class, "--queries", queries);
    if (!Models.NAMES.contains(model.toLowerCase(Locale.ROOT))) {
      throw new Cli.UsageException("--model: one of " + String.join(", ", Models.NAMES));
    }
    if (maxFiles < 1) {
      throw new Cli.UsageException("--max-files: at least 1: " + maxFiles);
    }
    List<HistoryCommit> history;
    try (Store store = gitml().openStore()) {
      history = History.of(store);
    }
    Evaluation.Outcome o =
        Evaluation.run(
            history,
            new Evaluation.Setup(p, q, maxFiles, 42),
            () -> Models.create(model),
            BaselineModel::new);
    Metrics.Summary ours = o.models().get(0);
    Metrics.Summary base = o.models().get(1);
    ObjectNode root = Json.object();
    root.put("model", ours.model());
    root.put("protocol", p.name().toLowerCase(Locale.ROOT));
    root.put("queries", q.name().toLowerCase(Locale.ROOT));
    root.put("commits", o.commits());
    root.put("left_out_over_max_files", o.tooLarge());
    root.setAll(ours.toJson());
    root.set("baseline", base.toJson());
    if (output.json()) {
      Json.print(gitml().out(), root);
      return Cli.OK;
    }
    var out = gitml().out();
    out.printf(
        Locale.ROOT,
        "%s, %s queries: %d queries from %d commits (%d over %d files left" + " out)%n",
        root.get("protocol").asText(),
        root.get("queries").asText(),
        ours.n(),
        o.commits(),
        o.tooLarge(),
        maxFiles);
    if (ours.n() == 0) {
      out.println(
          o.commits() == 0
              ? "nothing to measure: no commits stored (import the history with `gitml backfill` or"
                  + " `gitml migrate`)"
              : "nothing to measure: no commit changes "
                  + (q == Evaluation.Queries.SEED1 ? "two files" : "a file")
                  + " that an earlier commit changed");
      return Cli.OK;
    }
    out.printf(
        Locale.ROOT,
        "%-9s %-22s %-7s %-7s %-7s %-7s%n",
        "model",
        "MRR (95% interval)",
        "P@1",
        "R@5",
        "R@10",
        "MAP");
    for (Metrics.Summary s : List.of(ours, base)) {
      out.printf(
          Locale.ROOT,
          "%-9s %.3f (%.3f-%.3f)    %.3f   %.3f   %.3f   %.3f%n",
          s.model(),
          s.mrr(),
          s.intervals()[0][0],
          s.intervals()[0][1],
          s.pAt1(),
          s.recallAt5(),
          s.recallAt10(),
          s.map());
    }
    return Cli.OK;
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String option, String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Cli.UsageException(
          option
              + ": not one of "
              + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT)
              + ": "
              + value);
    }
  }
}
