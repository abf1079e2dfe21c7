package dev.gitml.bench;

import dev.gitml.collector.predict.BaselineModel;
import dev.gitml.collector.predict.BlendModel;
import dev.gitml.collector.predict.Evaluation;
import dev.gitml.collector.predict.FilePredictor;
import dev.gitml.collector.predict.History;
import dev.gitml.collector.predict.HistoryCommit;
import dev.gitml.collector.predict.Metrics;
import dev.gitml.collector.predict.Trainer;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.migrate.Migration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * docs/targets.md, issue 7: the file predictor on each real history of ../shared/datasets/history,
 * in time order (rolling), with text and seed1 queries, beside the Python collector's algorithm
 * (baseline) on the same queries; then training time on all of them together (a store of 7.7k
 * commits) and prediction time in process.
 */
public final class PredictionBench {
  private PredictionBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Corpus.shared().resolve("datasets/history");
    if (!Files.isDirectory(dir)) {
      System.out.println("skipped: " + dir + " not found");
      return;
    }
    List<Path> histories;
    try (var s = Files.list(dir)) {
      histories = s.filter(p -> p.toString().endsWith(".commits.jsonl")).sorted().toList();
    }
    System.out.println();
    System.out.printf(
        "%-15s %-6s %6s  %-22s %-22s %8s%n",
        "history", "query", "n", "blend MRR (95%)", "baseline MRR (95%)", "gain");
    for (Path h : histories) {
      List<HistoryCommit> commits = History.of(h);
      for (Evaluation.Queries q : Evaluation.Queries.values()) {
        Evaluation.Outcome o =
            Evaluation.run(
                commits, Evaluation.Setup.rolling(q), BlendModel::new, BaselineModel::new);
        Metrics.Summary ours = o.models().get(0);
        Metrics.Summary base = o.models().get(1);
        System.out.printf(
            "%-15s %-6s %6d  %.3f (%.3f-%.3f)    %.3f (%.3f-%.3f)    %+.3f%n",
            h.getFileName().toString().replace(".commits.jsonl", ""),
            q.name().toLowerCase(),
            ours.n(),
            ours.mrr(),
            ours.intervals()[0][0],
            ours.intervals()[0][1],
            base.mrr(),
            base.intervals()[0][0],
            base.intervals()[0][1],
            ours.mrr() - base.mrr());
      }
    }

    Path repo = Bench.scratch("prediction").resolve("repo");
    Files.createDirectories(repo);
    DataDir.of(repo).initialize();
    try (Store store = Store.open(DataDir.of(repo))) {
      for (Path h : histories) {
        Migration.run(store, h);
      }
      long t = System.nanoTime();
      Trainer.Trained trained = Trainer.train(store, "blend", Clock.systemUTC());
      double train = Bench.seconds(t);
      t = System.nanoTime();
      Trainer.Loaded loaded = Trainer.load(store.dir());
      double load = Bench.seconds(t);
      List<String> tasks =
          List.of(
              "fix the base64 decoder",
              "bump jackson",
              "update readme",
              "completion for zsh",
              "add a test for the parser",
              "release notes");
      List<Double> times = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        long q = System.nanoTime();
        loaded.model().rank(new FilePredictor.Query(tasks.get(i % tasks.size()), List.of()), 10);
        times.add(Bench.seconds(q));
      }
      times.sort(null);
      Bench.header("file predictor on " + trained.info().at("/data/commits").asInt() + " commits");
      Bench.row(
          "train (read, learn, 80/20 check, write)",
          Bench.fmt("%.2f s", train),
          "target ≤ 5 s on 10k",
          "");
      Bench.row("load the trained model", Bench.fmt("%.2f s", load), "", "");
      Bench.row(
          "predict, in process, p50 / p95",
          Bench.fmt("%.1f / %.1f ms", times.get(100) * 1e3, times.get(190) * 1e3),
          "target ≤ 50 ms",
          "");
    }
  }
}
