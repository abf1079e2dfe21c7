package dev.gitml.storage.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes the record envelope as one JSON line. The envelope keys are written in the
 * fixed order {@code id, type, v, ts, data} and {@code data} canonically, so one record has
 * exactly one byte form, which is what makes chunk names content hashes.
 */
public final class RecordCodec {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();
  private static final ObjectMapper TREES = new ObjectMapper(FACTORY);

  private RecordCodec() {}

  /** The record as JSON, without the trailing newline. */
  public static byte[] toLine(StoredRecord r) {
    byte[] data = r.canonicalData();
    byte[] head = ("{\"id\":" + CanonicalJson.quoted(r.id()) + ",\"type\":"
        + CanonicalJson.quoted(r.type().wireName()) + ",\"v\":" + r.v() + ",\"ts\":" + r.ts()
        + ",\"data\":").getBytes(StandardCharsets.UTF_8);
    byte[] line = new byte[head.length + data.length + 1];
    System.arraycopy(head, 0, line, 0, head.length);
    System.arraycopy(data, 0, line, head.length, data.length);
    line[line.length - 1] = '}';
    return line;
  }

  /** Parses one line (without its newline) of {@code buf}. */
  public static StoredRecord parse(byte[] buf, int offset, int length)
      throws RecordFormatException {
    JsonNode tree;
    try {
      tree = TREES.readTree(buf, offset, length);
    } catch (JsonProcessingException e) {
      throw new RecordFormatException("not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new RecordFormatException("unreadable: " + e.getMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new RecordFormatException("not a JSON object");
    }
    return fromTree((ObjectNode) tree);
  }

  public static StoredRecord parse(byte[] line) throws RecordFormatException {
    return parse(line, 0, line.length);
  }

  /** Validates an envelope already parsed as a tree. */
  public static StoredRecord fromTree(ObjectNode tree) throws RecordFormatException {
    JsonNode id = tree.get("id");
    JsonNode type = tree.get("type");
    JsonNode v = tree.get("v");
    JsonNode ts = tree.get("ts");
    JsonNode data = tree.get("data");
    if (id == null || !id.isTextual() || id.textValue().length() != 64) {
      throw new RecordFormatException("missing or malformed 'id'");
    }
    if (type == null || !type.isTextual()) {
      throw new RecordFormatException("missing 'type'");
    }
    if (v == null || !v.canConvertToInt()) {
      throw new RecordFormatException("missing 'v'");
    }
    if (v.intValue() != StoredRecord.VERSION) {
      throw new RecordFormatException(
          "record version " + v.intValue() + " not supported (this gitml reads "
              + StoredRecord.VERSION + ")");
    }
    if (ts == null || !ts.canConvertToLong()) {
      throw new RecordFormatException("missing 'ts'");
    }
    if (data == null || !data.isObject()) {
      throw new RecordFormatException("missing 'data' object");
    }
    RecordType recordType;
    try {
      recordType = RecordType.fromWireName(type.textValue());
    } catch (IllegalArgumentException e) {
      throw new RecordFormatException(e.getMessage());
    }
    return new StoredRecord(
        id.textValue(), recordType, v.intValue(), ts.longValue(), (ObjectNode) data);
  }
}
