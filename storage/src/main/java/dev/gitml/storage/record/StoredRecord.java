package dev.gitml.storage.record;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One stored record, the envelope of every line in every chunk:
 * {@code {"id": …, "type": …, "v": 1, "ts": …, "data": {…}}}.
 *
 * <p>{@code id} is the SHA-256 (hex) of the canonical JSON of {@code {"data": data, "type":
 * type}}: equal content gives an equal id, so a replayed event or a second import stores
 * nothing twice. {@code ts} (epoch milliseconds) is when the thing recorded happened; it is not
 * part of the id.
 */
public record StoredRecord(String id, RecordType type, int v, long ts, ObjectNode data) {
  /** The record envelope version this build writes and reads. */
  public static final int VERSION = 1;

  private static final HexFormat HEX = HexFormat.of();

  public StoredRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
    if (id.length() != 64) {
      throw new IllegalArgumentException("record id must be 64 hex digits: '" + id + "'");
    }
  }

  /**
   * Records are equal when their ids (content hashes), types, versions and times are: the tree
   * of {@code data} may hold the same number as an int or a long depending on where it came from.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof StoredRecord r && id.equals(r.id) && type == r.type && v == r.v
        && ts == r.ts;
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  /** Makes a record from its content, computing the id. */
  public static StoredRecord of(RecordType type, long ts, ObjectNode data) {
    return new StoredRecord(contentId(type, data), type, VERSION, ts, data);
  }

  /** Makes a record from a typed payload. */
  public static StoredRecord of(RecordData payload) {
    return of(payload.recordType(), payload.timestampMillis(), RecordMapper.toData(payload));
  }

  /** The content hash a record of this type and data must carry as its id. */
  public static String contentId(RecordType type, ObjectNode data) {
    ObjectNode idInput = JsonNodeFactory.instance.objectNode();
    idInput.set("data", data);
    idInput.put("type", type.wireName());
    return HEX.formatHex(sha256(CanonicalJson.toBytes(idInput)));
  }

  /** True when {@link #id()} is the content hash of this record's type and data. */
  public boolean idMatchesContent() {
    return id.equals(contentId(type, data));
  }

  /** Reads the data as a typed payload. */
  public <T extends RecordData> T as(Class<T> payloadType) {
    return RecordMapper.fromData(data, payloadType);
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
