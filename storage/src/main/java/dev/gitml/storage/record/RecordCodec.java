package dev.gitml.storage.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes the record envelope as one JSON line. The envelope keys are written in the fixed
 * order {@code id, type, v, ts, data} and {@code data} canonically, so one record has exactly one
 * byte form, which is what makes chunk names content hashes.
 */
public final class RecordCodec {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();
  private static final ObjectMapper TREES = new ObjectMapper(FACTORY);

  private RecordCodec() {}

  /** The record as JSON, without the trailing newline. */
  public static byte[] toLine(StoredRecord r) {
    byte[] data = r.canonicalData();
    byte[] head =
        ("{\"id\":"
                + CanonicalJson.quoted(r.id())
                + ",\"type\":"
                + CanonicalJson.quoted(r.type().wireName())
                + ",\"v\":"
                + r.v()
                + ",\"ts\":"
                + r.ts()
                + ",\"data\":")
            .getBytes(StandardCharsets.UTF_8);
    byte[] line = new byte[head.length + data.length + 1];
    System.arraycopy(head, 0, line, 0, head.length);
    System.arraycopy(data, 0, line, head.length, data.length);
    line[line.length - 1] = '}';
    return line;
  }

  private static final byte[] ID_HEAD = "{\"id\":\"".getBytes(StandardCharsets.US_ASCII);

  /**
   * Whether the line at {@code buf[offset, offset + length)} is the record {@code id}: every line
   * this codec writes starts with its id ({@link #toLine}), so this tells it without parsing.
   */
  public static boolean startsWithId(byte[] buf, int offset, int length, String id) {
    int head = ID_HEAD.length;
    if (length < head + id.length() + 1) {
      return false;
    }
    for (int i = 0; i < head; i++) {
      if (buf[offset + i] != ID_HEAD[i]) {
        return false;
      }
    }
    for (int i = 0; i < id.length(); i++) {
      if (buf[offset + head + i] != id.charAt(i)) {
        return false;
      }
    }
    return buf[offset + head + id.length()] == '"';
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

  /**
   * Parses one line as a record of {@code payloadType}, binding {@code data} from the bytes without
   * building a tree first (what typed scans read). The envelope is checked as {@link #parse} checks
   * it; a record of another type, or data that does not fit the type (a field of the wrong kind, a
   * required one missing), is a format error too.
   */
  public static <T extends RecordData> Stored<T> parseAs(
      byte[] buf, int offset, int length, Class<T> payloadType) throws RecordFormatException {
    String id = null;
    String type = null;
    Number v = null;
    Number ts = null;
    T data = null;
    String expected = RecordType.of(payloadType).wireName();
    try (JsonParser p = RecordMapper.mapper().createParser(buf, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new RecordFormatException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "id" -> id = t == JsonToken.VALUE_STRING ? p.getText() : null;
          case "type" -> type = t == JsonToken.VALUE_STRING ? p.getText() : null;
          case "v" -> v = t.isNumeric() ? p.getNumberValue() : null;
          case "ts" -> ts = t.isNumeric() ? p.getNumberValue() : null;
          case "data" -> {
            if (t != JsonToken.START_OBJECT) {
              throw new RecordFormatException("missing 'data' object");
            }
            checkType(type, expected); // written before data: a stranger's data is not bound
            data = RecordMapper.mapper().readValue(p, payloadType);
          }
          default -> p.skipChildren();
        }
      }
    } catch (RecordFormatException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw new RecordFormatException(
          "not a " + payloadType.getSimpleName() + " record: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new RecordFormatException("unreadable: " + e.getMessage(), e);
    }
    if (id == null || id.length() != 64) {
      throw new RecordFormatException("missing or malformed 'id'");
    }
    if (type == null) {
      throw new RecordFormatException("missing 'type'");
    }
    if (v == null) {
      throw new RecordFormatException("missing 'v'");
    }
    if (v.intValue() != StoredRecord.VERSION) {
      throw new RecordFormatException(
          "record version "
              + v.intValue()
              + " not supported (this gitml reads "
              + StoredRecord.VERSION
              + ")");
    }
    if (ts == null) {
      throw new RecordFormatException("missing 'ts'");
    }
    if (data == null) {
      throw new RecordFormatException("missing 'data' object");
    }
    checkType(type, expected);
    return new Stored<>(id, ts.longValue(), data);
  }

  private static void checkType(String type, String expected) throws RecordFormatException {
    if (type != null && !type.equals(expected)) {
      throw new RecordFormatException(
          "a '" + type + "' record where '" + expected + "' was expected");
    }
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
          "record version "
              + v.intValue()
              + " not supported (this gitml reads "
              + StoredRecord.VERSION
              + ")");
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
