package dev.gitml.storage.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An edge found after the fact, of one {@link Kind}: from a chat, session or commit to a commit,
 * from a commit to a task, or from a pull request to a commit. {@code source} says how it was
 * found.
 */
public record Link(Kind kind, String from, String to, String timestamp, String source)
    implements RecordData {

  /** What a link says; its wire name is the value of {@code kind} on disk (part of the id). */
  public enum Kind implements WireName {
    /** A chat led to a commit ({@code from} the chat id, {@code to} the commit hash). */
    CHAT_COMMIT("chat-commit"),
    /** A commit made during a session ({@code from} the session id). */
    SESSION_COMMIT("session-commit"),
    /** An amended or rebased commit {@code from} replaces the commit {@code to}. */
    SUPERSEDES("supersedes"),
    /**
     * The commit {@code from} reverts the commit {@code to} ({@code from} is {@code unknown} when
     * {@code gitml revert} was not told which).
     */
    REVERTS("reverts"),
    /** The commit {@code from} says it completes the task {@code to} (fixes, closes, resolves). */
    COMPLETES("completes"),
    /** The commit {@code from} refers to the task {@code to} without completing it. */
    REFERENCES("references"),
    /** The pull request {@code from} ({@code pull#N}) contains the stored commit {@code to}. */
    PULL_REQUEST_COMMIT("pull-request-commit");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
      return wireName;
    }

    @JsonCreator
    public static Kind fromWireName(String name) {
      return WireName.parse(Kind.class, name, "link kind");
    }
  }

  @JsonCreator
  public Link {
    if (kind == null || from == null || to == null) {
      throw new IllegalArgumentException("a link needs kind, from and to");
    }
  }

  /** A link whose kind is given by its wire name ({@code chat-commit}, …). */
  public Link(String kind, String from, String to, String timestamp, String source) {
    this(Kind.fromWireName(kind), from, to, timestamp, source);
  }

  @Override
  public RecordType recordType() {
    return RecordType.LINK;
  }

  @Override
  public long timestampMillis() {
    return Timestamps.millisOrZero(timestamp);
  }
}
