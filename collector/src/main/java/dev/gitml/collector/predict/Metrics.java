package dev.gitml.collector.predict;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.json.Mappers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Ranking metrics per query (reciprocal rank of the first file touched, precision at 1, recall at 5
 * and 10, average precision), their means, and bootstrap 95 % intervals of the means.
 */
public final class Metrics {
  private static final int BOOTSTRAP = 1000;

  private final String model;
  private final List<double[]> perQuery = new ArrayList<>();

  Metrics(String model) {
    this.model = model;
  }

  /** Means over {@code n} queries, each with its interval {@code [low, high]}. */
  public record Summary(
      String model,
      int n,
      double mrr,
      double pAt1,
      double recallAt5,
      double recallAt10,
      double map,
      double[][] intervals) {
    private static final String[] NAMES = {"mrr", "p_at_1", "recall_at_5", "recall_at_10", "map"};

    /**
     * The figures as {@code gitml evaluate --json} and the README show them: {@code n}, each metric
     * rounded to 4 decimals, and {@code ci95} with each metric's 95 % interval.
     */
    public ObjectNode toJson() {
      ObjectNode n = Mappers.JSON.createObjectNode();
      n.put("n", this.n);
      double[] values = {mrr, pAt1, recallAt5, recallAt10, map};
      for (int i = 0; i < NAMES.length; i++) {
        n.put(NAMES[i], round(values[i]));
      }
      ObjectNode ci = n.putObject("ci95");
      for (int i = 0; i < NAMES.length; i++) {
        ci.putArray(NAMES[i]).add(round(intervals[i][0])).add(round(intervals[i][1]));
      }
      return n;
    }
  }

  /** A metric as gitml reports it: 4 decimals. */
  public static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  void add(List<FilePredictor.Ranked> ranked, Set<String> targets) {
    double rr = 0;
    double hitsAt5 = 0;
    double hitsAt10 = 0;
    double precisionSum = 0;
    int hits = 0;
    for (int i = 0; i < ranked.size(); i++) {
      if (targets.contains(ranked.get(i).file())) {
        hits++;
        if (rr == 0) {
          rr = 1.0 / (i + 1);
        }
        if (i < 5) {
          hitsAt5++;
        }
        if (i < 10) {
          hitsAt10++;
        }
        precisionSum += (double) hits / (i + 1);
      }
    }
    double p1 = !ranked.isEmpty() && targets.contains(ranked.get(0).file()) ? 1 : 0;
    perQuery.add(
        new double[] {
          rr, p1, hitsAt5 / targets.size(), hitsAt10 / targets.size(), precisionSum / targets.size()
        });
  }

  Summary summary(long seed) {
    int n = perQuery.size();
    double[] mean = means(perQuery);
    double[][] intervals = new double[5][2];
    if (n > 0) {
      Random random = new Random(seed);
      double[][] samples = new double[5][BOOTSTRAP];
      List<double[]> resample = new ArrayList<>(n);
      for (int b = 0; b < BOOTSTRAP; b++) {
        resample.clear();
        for (int i = 0; i < n; i++) {
          resample.add(perQuery.get(random.nextInt(n)));
        }
        double[] m = means(resample);
        for (int k = 0; k < 5; k++) {
          samples[k][b] = m[k];
        }
      }
      for (int k = 0; k < 5; k++) {
        Arrays.sort(samples[k]);
        intervals[k][0] = samples[k][(int) (BOOTSTRAP * 0.025)];
        intervals[k][1] = samples[k][(int) (BOOTSTRAP * 0.975) - 1];
      }
    }
    return new Summary(model, n, mean[0], mean[1], mean[2], mean[3], mean[4], intervals);
  }

  private static double[] means(List<double[]> rows) {
    double[] sum = new double[5];
    for (double[] r : rows) {
      for (int k = 0; k < 5; k++) {
        sum[k] += r[k];
      }
    }
    for (int k = 0; k < 5; k++) {
      sum[k] = rows.isEmpty() ? 0 : sum[k] / rows.size();
    }
    return sum;
  }
}
