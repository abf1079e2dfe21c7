package dev.gitml.storage.record;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One training or hand-off run: which model, when, how it ended, with what parameters, data counts
 * and metrics.
 */
public record Run(
    String model,
    String started,
    String finished,
    String status,
    JsonNode params,
    JsonNode dataCounts,
    JsonNode metrics,
    String message)
    implements RecordData {

  public Run {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("run without a model");
    }
  }

  @Override
  public RecordType recordType() {
    return RecordType.RUN;
  }

  @Override
  public long timestampMillis() {
    return Timestamps.millisOrZero(started);
  }
}
