package dev.gitml.storage.record;

/** A typed record payload: the {@code data} of a {@link StoredRecord}. */
public interface RecordData {
  /** The type this payload is stored as. */
  RecordType recordType();

  /** When the recorded thing happened, epoch milliseconds (0 when unknown). */
  long timestampMillis();
}
