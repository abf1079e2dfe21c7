package dev.gitml.storage.record;

/** A rating or comment given to a chat, commit or prediction ({@code target_type}). */
public record Feedback(
    String targetType,
    String targetId,
    Integer rating,
    String comment,
    String timestamp,
    String source)
    implements RecordData {

  public Feedback {
    if (targetId == null || targetId.isBlank()) {
      throw new IllegalArgumentException("feedback without a target_id");
    }
  }

  @Override
  public RecordType recordType() {
    return RecordType.FEEDBACK;
  }

  @Override
  public long timestampMillis() {
    return Timestamps.millisOrZero(timestamp);
  }
}
