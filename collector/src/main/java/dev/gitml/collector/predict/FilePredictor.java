package dev.gitml.collector.predict;

import java.util.List;

/**
 * A model that ranks the files a task will touch. It learns commits one at a time, oldest first, so
 * that an evaluation can ask it about each commit knowing only the commits before it.
 */
public interface FilePredictor {
  String name();

  /** Learns one more commit (newer than all it has seen). */
  void learn(HistoryCommit commit);

  /**
   * Sees a commit that is not learned from (too large to say anything about a task, such as a move
   * of the whole source tree) for what it tells about the tree: files moved or added.
   */
  default void observe(HistoryCommit commit) {}

  /** Whether a commit this model learned changed {@code file} (under this path or an old one). */
  boolean knows(String file);

  /** The files most likely touched by {@code query}, best first, at most {@code top}. */
  List<Ranked> rank(Query query, int top);

  /**
   * A task: its text, files already being changed (may be empty), and when it is being done (epoch
   * milliseconds; 0 when unknown).
   */
  record Query(String text, List<String> seeds, long millis) {
    public Query {
      seeds = List.copyOf(seeds);
    }

    public Query(String text, List<String> seeds) {
      this(text, seeds, 0);
    }
  }

  /** A file and its score. */
  record Ranked(String file, double score) {}
}
