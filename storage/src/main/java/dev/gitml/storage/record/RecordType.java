package dev.gitml.storage.record;

import java.util.Locale;

/**
 * The kinds of record gitml stores. Each type lives in a stream of its own (a directory under
 * {@code tracked/} or {@code local/}); {@link #defaultPlacement()} says which, and
 * {@code config.json} may override it.
 */
public enum RecordType {
  COMMIT("commit", "commits", Placement.TRACKED),
  COMMIT_FULL("commit-full", "commits-full", Placement.LOCAL),
  CHAT("chat", "chats", Placement.LOCAL),
  SESSION("session", "sessions", Placement.LOCAL),
  ACTION("action", "actions", Placement.LOCAL),
  LINK("link", "links", Placement.TRACKED),
  FEEDBACK("feedback", "feedback", Placement.TRACKED),
  RUN("run", "runs", Placement.TRACKED);

  /** Where a stream's files live: shared through git, or private to this clone. */
  public enum Placement {
    TRACKED,
    LOCAL;

    public String dirName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String wireName;
  private final String stream;
  private final Placement defaultPlacement;

  RecordType(String wireName, String stream, Placement defaultPlacement) {
    this.wireName = wireName;
    this.stream = stream;
    this.defaultPlacement = defaultPlacement;
  }

  /** The value of the {@code type} field on disk. */
  public String wireName() {
    return wireName;
  }

  public String stream() {
    return stream;
  }

  public Placement defaultPlacement() {
    return defaultPlacement;
  }

  public static RecordType fromWireName(String name) {
    for (RecordType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown record type '" + name + "'");
  }

  public static RecordType fromStream(String stream) {
    for (RecordType t : values()) {
      if (t.stream.equals(stream)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown stream '" + stream + "'");
  }
}
