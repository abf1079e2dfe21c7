package dev.gitml.storage.record;

import java.util.Objects;

/**
 * A stored record read as its type: the envelope's {@code id} (the content hash) and {@code ts}
 * (when the thing recorded happened, epoch ms), and the typed {@code data}.
 */
public record Stored<T extends RecordData>(String id, long ts, T data) {
  public Stored {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(data, "data");
  }
}
