package dev.gitml.collector.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes Jackson trees as rows of a Parquet schema: each field of the schema is read by name from
 * the tree (absent or null: an optional column left null), groups as structs, {@code
 * LIST}-annotated groups (the standard three-level form) from arrays, {@code STRING} columns from
 * texts (a non-text value as its JSON text: tool arguments, parameter shapes), {@code TIMESTAMP}
 * columns from ISO-8601 texts or epoch milliseconds.
 */
final class JsonWriteSupport extends RowWriteSupport<JsonNode> {
  private RecordConsumer out;

  JsonWriteSupport(MessageType schema, Map<String, String> metadata, Set<String> freeTextColumns) {
    super(schema, metadata, freeTextColumns);
  }

  @Override
  protected void fields(JsonNode row, RecordConsumer consumer) {
    this.out = consumer;
    fields(schema(), row);
  }

  private void fields(GroupType type, JsonNode node) {
    for (int i = 0; i < type.getFieldCount(); i++) {
      Type f = type.getType(i);
      JsonNode v = node.get(f.getName());
      if (isTimestamp(f) && v != null && !v.isNull()) {
        Long millis = millis(v);
        if (millis != null) {
          out.startField(f.getName(), i);
          out.addLong(millis);
          out.endField(f.getName(), i);
          continue;
        }
      }
      if (absent(f, v)) {
        if (f.isRepetition(Type.Repetition.REQUIRED)) {
          throw new IllegalArgumentException("no value for required column " + f.getName());
        }
        continue;
      }
      out.startField(f.getName(), i);
      value(f, v);
      out.endField(f.getName(), i);
    }
  }

  /** Whether a value writes nothing: absent, null, or a timestamp that does not parse. */
  private static boolean absent(Type f, JsonNode v) {
    return v == null || v.isNull() || (isTimestamp(f) && millis(v) == null);
  }

  private void value(Type f, JsonNode v) {
    if (!f.isPrimitive()) {
      GroupType g = f.asGroupType();
      out.startGroup();
      if (g.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
        list(g, v);
      } else {
        fields(g, v);
      }
      out.endGroup();
      return;
    }
    switch (f.asPrimitiveType().getPrimitiveTypeName()) {
      case BINARY -> out.addBinary(Binary.fromString(v.isTextual() ? v.textValue() : v.toString()));
      case INT64 -> out.addLong(isTimestamp(f) ? millis(v) : v.asLong());
      case INT32 -> out.addInteger(v.asInt());
      case BOOLEAN -> out.addBoolean(v.asBoolean());
      case DOUBLE -> out.addDouble(v.asDouble());
      default -> throw new IllegalArgumentException("unsupported column type of " + f.getName());
    }
  }

  /** {@code group (LIST) { repeated group list { element } }}, from an array (or one value). */
  private void list(GroupType g, JsonNode v) {
    if (v.isArray() && v.isEmpty()) {
      return;
    }
    GroupType repeated = g.getType(0).asGroupType();
    Type element = repeated.getType(0);
    out.startField(repeated.getName(), 0);
    for (JsonNode e : v.isArray() ? v : java.util.List.of(v)) {
      out.startGroup();
      if (!absent(element, e)) {
        out.startField(element.getName(), 0);
        value(element, e);
        out.endField(element.getName(), 0);
      }
      out.endGroup();
    }
    out.endField(repeated.getName(), 0);
  }

  private static boolean isTimestamp(Type f) {
    return f.getLogicalTypeAnnotation()
        instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
  }

  /** Epoch milliseconds of an ISO-8601 text (with an offset or Z) or a number; null otherwise. */
  static Long millis(JsonNode v) {
    if (v.isNumber()) {
      return v.asLong();
    }
    return v.isTextual() ? Timestamps.millis(v.textValue()) : null;
  }
}
