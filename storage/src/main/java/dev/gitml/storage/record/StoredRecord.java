package dev.gitml.storage.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One stored record, the envelope of every line in every chunk: {@code {"id": …, "type": …, "v": 1,
 * "ts": …, "data": {…}}}.
 *
 * <p>{@code id} is the SHA-256 (hex) of the canonical JSON of {@code {"data": data, "type": type}}:
 * equal content gives an equal id, so a replayed event or a second import stores nothing twice.
 * {@code ts} (epoch milliseconds) is when the thing recorded happened; it is not part of the id.
 *
 * <p>The canonical bytes of {@code data} are computed once, for the id, and kept for writing the
 * record's line (a full commit's data is most of its cost to store); {@code data} must not be
 * changed after the record is made.
 */
public final class StoredRecord {
  /** The record envelope version this build writes and reads. */
  public static final int VERSION = 1;

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] ID_PREFIX = "{\"data\":".getBytes(StandardCharsets.UTF_8);

  private final String id;
  private final RecordType type;
  private final int v;
  private final long ts;
  private final ObjectNode data;
  private volatile byte[] canonicalData;

  public StoredRecord(String id, RecordType type, int v, long ts, ObjectNode data) {
    this(id, type, v, ts, data, null);
  }

  private StoredRecord(
      String id, RecordType type, int v, long ts, ObjectNode data, byte[] canonicalData) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
    if (id.length() != 64) {
      throw new IllegalArgumentException("record id must be 64 hex digits: '" + id + "'");
    }
    this.id = id;
    this.type = type;
    this.v = v;
    this.ts = ts;
    this.data = data;
    this.canonicalData = canonicalData;
  }

  public String id() {
    return id;
  }

  public RecordType type() {
    return type;
  }

  public int v() {
    return v;
  }

  public long ts() {
    return ts;
  }

  public ObjectNode data() {
    return data;
  }

  /** The canonical JSON of {@code data} (sorted keys, no spaces). */
  public byte[] canonicalData() {
    byte[] b = canonicalData;
    if (b == null) {
      b = CanonicalJson.toBytes(data);
      canonicalData = b;
    }
    return b;
  }

  @Override
  public String toString() {
    return "StoredRecord[id="
        + id
        + ", type="
        + type
        + ", v="
        + v
        + ", ts="
        + ts
        + ", data="
        + data
        + "]";
  }

  /**
   * Records are equal when their ids (content hashes), types, versions and times are: the tree of
   * {@code data} may hold the same number as an int or a long depending on where it came from.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof StoredRecord r
        && id.equals(r.id)
        && type == r.type
        && v == r.v
        && ts == r.ts;
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  /** Makes a record from its content, computing the id. */
  public static StoredRecord of(RecordType type, long ts, ObjectNode data) {
    byte[] canonical = CanonicalJson.toBytes(data);
    return new StoredRecord(contentId(type, canonical), type, VERSION, ts, data, canonical);
  }

  /** Makes a record from a typed payload. */
  public static StoredRecord of(RecordData payload) {
    return of(payload.recordType(), payload.timestampMillis(), RecordMapper.toData(payload));
  }

  /** The content hash a record of this type and data must carry as its id. */
  public static String contentId(RecordType type, ObjectNode data) {
    return contentId(type, CanonicalJson.toBytes(data));
  }

  /**
   * The hash of {@code {"data":<data>,"type":"<type>"}}, the canonical JSON of the two (keys
   * sorted, no spaces), put together from the data's canonical bytes.
   */
  private static String contentId(RecordType type, byte[] canonicalData) {
    MessageDigest sha = sha256();
    sha.update(ID_PREFIX);
    sha.update(canonicalData);
    sha.update(
        (",\"type\":" + CanonicalJson.quoted(type.wireName()) + "}")
            .getBytes(StandardCharsets.UTF_8));
    return HEX.formatHex(sha.digest());
  }

  /** True when {@link #id()} is the content hash of this record's type and data. */
  public boolean idMatchesContent() {
    return id.equals(contentId(type, canonicalData()));
  }

  /** Reads the data as a typed payload. */
  public <T extends RecordData> T as(Class<T> payloadType) {
    return RecordMapper.fromData(data, payloadType);
  }

  static byte[] sha256(byte[] bytes) {
    return sha256().digest(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
