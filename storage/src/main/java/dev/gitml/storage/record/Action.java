package dev.gitml.storage.record;

import com.fasterxml.jackson.databind.JsonNode;

/** One tool use by an assistant; {@code input} is the tool's (redacted) input. */
public record Action(
    String id,
    String timestamp,
    String sessionId,
    String tool,
    String target,
    Boolean success,
    Long durationMs,
    JsonNode input)
    implements RecordData {

  public Action {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("action without an id");
    }
  }

  @Override
  public RecordType recordType() {
    return RecordType.ACTION;
  }

  @Override
  public long timestampMillis() {
    return Timestamps.millisOrZero(timestamp);
  }
}
