package dev.gitml.collector.predict;

import java.util.List;

/** A commit as the predictor sees it: its message, its time, and the files it changed. */
public record HistoryCommit(String hash, String message, long millis, List<String> files) {
  public HistoryCommit {
    files = List.copyOf(files);
  }
}
