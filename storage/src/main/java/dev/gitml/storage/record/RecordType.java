package dev.gitml.storage.record;

import java.util.Locale;

/**
 * The kinds of record gitml stores. Each type lives in a stream of its own (a directory under
 * {@code tracked/} or {@code local/}); {@link #defaultPlacement()} says which, and {@code
 * config.json} may override it.
 */
public enum RecordType implements WireName {
  COMMIT("commit", "commits", Placement.TRACKED, Commit.class),
  COMMIT_FULL("commit-full", "commits-full", Placement.LOCAL, CommitFull.class),
  CHAT("chat", "chats", Placement.LOCAL, Chat.class),
  SESSION("session", "sessions", Placement.LOCAL, Session.class),
  ACTION("action", "actions", Placement.LOCAL, Action.class),
  LINK("link", "links", Placement.TRACKED, Link.class),
  FEEDBACK("feedback", "feedback", Placement.TRACKED, Feedback.class),
  RUN("run", "runs", Placement.TRACKED, Run.class),
  CI("ci", "ci", Placement.TRACKED, CiResult.class),
  PULL_REQUEST("pull-request", "pull-requests", Placement.TRACKED, PullRequest.class),
  ISSUE("issue", "issues", Placement.TRACKED, Issue.class);

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
  private final Class<? extends RecordData> payloadType;

  RecordType(
      String wireName,
      String stream,
      Placement defaultPlacement,
      Class<? extends RecordData> payloadType) {
    this.wireName = wireName;
    this.stream = stream;
    this.defaultPlacement = defaultPlacement;
    this.payloadType = payloadType;
  }

  /** The typed record a {@code data} object of this type reads as. */
  public Class<? extends RecordData> payloadType() {
    return payloadType;
  }

  /** The value of the {@code type} field on disk. */
  @Override
  public String wireName() {
    return wireName;
  }

  public String stream() {
    return stream;
  }

  public Placement defaultPlacement() {
    return defaultPlacement;
  }

  /**
   * Whether a record of this type is stored once per natural key (a commit per hash): a copy that
   * differs only in what was known when it was captured (the branch a catch-up pass saw, a note) is
   * the same commit, not a second one.
   */
  public boolean onePerKey() {
    return this == COMMIT || this == COMMIT_FULL;
  }

  /** The type whose payload is {@code payloadType}. */
  public static RecordType of(Class<? extends RecordData> payloadType) {
    for (RecordType t : values()) {
      if (t.payloadType == payloadType) {
        return t;
      }
    }
    throw new IllegalArgumentException("no record type has the payload " + payloadType);
  }

  public static RecordType fromWireName(String name) {
    return WireName.parse(RecordType.class, name, "record type");
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
