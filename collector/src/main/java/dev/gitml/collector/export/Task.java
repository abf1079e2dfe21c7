package dev.gitml.collector.export;

import java.util.List;
import java.util.Locale;

/**
 * What an export teaches: chats, commit messages from diffs, files from task texts, and whole agent
 * trajectories (a chat's every step, in the tool-calling chat form; {@link Trajectory}).
 */
public enum Task {
  CHAT("chat"),
  COMMIT_MESSAGE("commit-message"),
  FILE_PREDICTION("file-prediction"),
  TRAJECTORY("trajectory");

  /**
   * What {@code --task all} names: the tasks whose examples are {@link Example}s. A trajectory is a
   * differently shaped line (messages, tools, metadata), asked for by name.
   */
  public static final List<Task> ALL = List.of(CHAT, COMMIT_MESSAGE, FILE_PREDICTION);

  private final String id;

  Task(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The tasks a {@code --task} value names ({@code all}: every one). */
  public static List<Task> parse(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (v.equals("all")) {
      return ALL;
    }
    for (Task t : values()) {
      if (t.id.equals(v)) {
        return List.of(t);
      }
    }
    throw new IllegalArgumentException(
        "no task " + value + " (chat, commit-message, file-prediction, trajectory or all)");
  }
}
