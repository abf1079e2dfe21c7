package dev.gitml.collector.export;

import java.util.List;
import java.util.Locale;

/** What an export teaches: chats, commit messages from diffs, files from task texts. */
public enum Task {
  CHAT("chat"),
  COMMIT_MESSAGE("commit-message"),
  FILE_PREDICTION("file-prediction");

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
      return List.of(values());
    }
    for (Task t : values()) {
      if (t.id.equals(v)) {
        return List.of(t);
      }
    }
    throw new IllegalArgumentException(
        "no task " + value + " (chat, commit-message, file-prediction or all)");
  }
}
