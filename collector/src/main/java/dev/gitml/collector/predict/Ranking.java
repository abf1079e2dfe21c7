package dev.gitml.collector.predict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Ordering of scored files: best first, ties by path so rankings are deterministic. */
final class Ranking {
  private static final Comparator<FilePredictor.Ranked> BEST_FIRST =
      Comparator.comparingDouble(FilePredictor.Ranked::score)
          .reversed()
          .thenComparing(FilePredictor.Ranked::file);

  private Ranking() {}

  static List<FilePredictor.Ranked> top(List<FilePredictor.Ranked> scored, int top) {
    List<FilePredictor.Ranked> out = new ArrayList<>(scored);
    out.removeIf(r -> !(r.score() > 0));
    out.sort(BEST_FIRST);
    return out.size() > top ? new ArrayList<>(out.subList(0, top)) : out;
  }
}
