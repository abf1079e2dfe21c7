package dev.gitml.collector.predict;

import java.util.List;

/** A commit as the predictor sees it: its message, its time, and the files it changed. */
public record HistoryCommit(String hash, String message, long millis, List<String> files) {
  /**
   * The most files a commit may change and still say something about a task: larger ones (a move of
   * the source tree, a reformat, a new licence header) are left out of training, of the
   * evaluation's queries and of co-change counts, and counted. 30 since the first blend model
   * (be558f5), which the README's {@code gitml train} and {@code evaluate --max-files} state; it
   * leaves out 0.4-1.7 % of the commits of the three histories the weights were searched on (yargs
   * 7, commons-codec 33, jbang 36).
   */
  public static final int MAX_FILES = 30;

  public HistoryCommit {
    files = List.copyOf(files);
  }
}
