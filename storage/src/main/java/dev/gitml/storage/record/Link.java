package dev.gitml.storage.record;

/**
 * An edge found after the fact: {@code chat-commit} (a chat led to a commit),
 * {@code session-commit} (a commit made during a session), {@code supersedes} (an amended or
 * rebased commit {@code from} replaces {@code to}). {@code source} says how it was found.
 */
public record Link(String kind, String from, String to, String timestamp, String source)
    implements RecordData {

  public Link {
    if (kind == null || from == null || to == null) {
      throw new IllegalArgumentException("a link needs kind, from and to");
    }
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
