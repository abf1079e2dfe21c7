package dev.gitml.storage.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.record.RecordType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One table of {@code gitml sql}, read from one record type: a row per record, or a row per element
 * of one of its arrays ({@code commit_files} from a commit's {@code files_changed}). A table whose
 * records carry a natural key ({@code key}) holds the newest stored copy of each (a chat stored
 * again when it grew, a commit captured on two branches). Adding a record type's table is one entry
 * in {@link SqlTables}.
 */
public record SqlTable(
    String name, RecordType type, String key, String elements, List<Column> columns) {

  /** A column: its name, SQLite type and how its value is read from a record (or an element). */
  public record Column(String name, String sqlType, Function<Source, Object> value) {}

  /**
   * What a column is read from: the record's payload, the element of {@code elements} (null for a
   * table of records), its position, and the record's time (epoch ms).
   */
  public record Source(JsonNode data, JsonNode element, int index, long ts) {}

  /** A table with a row per record. */
  static Builder of(String name, RecordType type, String key) {
    return new Builder(name, type, key, null);
  }

  /** A table with a row per element of the array {@code elements} of each record's payload. */
  static Builder each(String name, RecordType type, String key, String elements) {
    return new Builder(name, type, key, elements);
  }

  /** Builds a table's column list. */
  static final class Builder {
    private final String name;
    private final RecordType type;
    private final String key;
    private final String elements;
    private final List<Column> columns = new ArrayList<>();

    private Builder(String name, RecordType type, String key, String elements) {
      this.name = name;
      this.type = type;
      this.key = key;
      this.elements = elements;
    }

    /** Text columns, each the payload field of the same name. */
    Builder text(String... fields) {
      for (String f : fields) {
        columns.add(new Column(f, "TEXT", s -> scalar(s.data().get(f))));
      }
      return this;
    }

    /** Integer columns (booleans as 0 and 1), each the payload field of the same name. */
    Builder integer(String... fields) {
      for (String f : fields) {
        columns.add(new Column(f, "INTEGER", s -> scalar(s.data().get(f))));
      }
      return this;
    }

    /** A real-number column, the payload field of the same name. */
    Builder real(String field) {
      columns.add(new Column(field, "REAL", s -> scalar(s.data().get(field))));
      return this;
    }

    /** JSON-text columns (arrays, objects: read with SQLite's json_each, json_extract). */
    Builder json(String... fields) {
      for (String f : fields) {
        columns.add(new Column(f, "TEXT", s -> jsonText(s.data().get(f))));
      }
      return this;
    }

    /** A column computed from the source. */
    Builder column(String column, String sqlType, Function<Source, Object> value) {
      columns.add(new Column(column, sqlType, value));
      return this;
    }

    /** Columns read from the element, each its field of the same name ({@code kind}: typed). */
    Builder element(String sqlType, String... fields) {
      for (String f : fields) {
        columns.add(
            new Column(
                f,
                sqlType,
                s ->
                    sqlType.equals("JSON")
                        ? jsonText(s.element().get(f))
                        : scalar(s.element().get(f))));
      }
      return this;
    }

    SqlTable build() {
      List<Column> cs =
          columns.stream()
              .map(c -> c.sqlType().equals("JSON") ? new Column(c.name(), "TEXT", c.value()) : c)
              .toList();
      return new SqlTable(name, type, key, elements, cs);
    }
  }

  /** A JSON scalar as a SQLite value: text, a number, a boolean as 0/1; others as JSON text. */
  static Object scalar(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? 1 : 0;
    }
    if (v.isIntegralNumber()) {
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    return v.toString();
  }

  /** A JSON value as JSON text (null stays null). */
  static Object jsonText(JsonNode v) {
    return v == null || v.isNull() || v.isMissingNode() ? null : v.toString();
  }
}
