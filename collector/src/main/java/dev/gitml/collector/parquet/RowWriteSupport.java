package dev.gitml.collector.parquet;

import java.util.Map;
import java.util.Set;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows of one type as records of a Parquet schema: a subclass writes a row's fields straight
 * into the record consumer, with no tree or map built per row (the export's rate is that of its
 * column writers). It also names the columns that hold long free texts ({@link #freeTextColumns}),
 * written plain, without a dictionary or min/max statistics: a dictionary of distinct commit
 * messages costs a hash and a full comparison per value and saves little that zstd does not, and
 * the least and greatest prompt of a page filter nothing.
 */
public abstract class RowWriteSupport<T> extends WriteSupport<T> {
  private final MessageType schema;
  private final Map<String, String> metadata;
  private final Set<String> freeTextColumns;
  private RecordConsumer out;

  /**
   * Rows of {@code schema}; {@code metadata} goes into each file's footer; {@code freeTextColumns}
   * are dotted column paths ({@code input}, {@code messages.list.element.content}).
   */
  protected RowWriteSupport(
      MessageType schema, Map<String, String> metadata, Set<String> freeTextColumns) {
    this.schema = schema;
    this.metadata = Map.copyOf(metadata);
    this.freeTextColumns = Set.copyOf(freeTextColumns);
  }

  /** The schema rows are written in. */
  public final MessageType schema() {
    return schema;
  }

  /** Dotted paths of the columns written without a dictionary or min/max statistics. */
  public final Set<String> freeTextColumns() {
    return freeTextColumns;
  }

  /** Writes the fields of {@code row} into {@code out}, between the record's start and end. */
  protected abstract void fields(T row, RecordConsumer out);

  @Override
  public final WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(schema, metadata);
  }

  @Override
  @SuppressWarnings("deprecation") // the Hadoop form, required by the abstract class
  public final WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
    return new WriteContext(schema, metadata);
  }

  @Override
  public final void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public final void write(T row) {
    out.startMessage();
    fields(row, out);
    out.endMessage();
  }

  /** Writes the text {@code value} as field {@code index} of the current group, if not null. */
  protected static void string(RecordConsumer out, String name, int index, String value) {
    if (value != null) {
      out.startField(name, index);
      out.addBinary(Binary.fromString(value));
      out.endField(name, index);
    }
  }

  /**
   * Writes {@code values} as the {@code LIST} field {@code index} of the current group, in the
   * standard three-level form ({@code group (LIST) { repeated group list { optional binary element
   * (STRING); } }}): an empty list as an empty one, a null element as null, a null list not at all.
   */
  protected static void strings(
      RecordConsumer out, String name, int index, Iterable<String> values) {
    if (values == null) {
      return;
    }
    out.startField(name, index);
    out.startGroup();
    boolean any = false;
    for (String v : values) {
      if (!any) {
        out.startField("list", 0);
        any = true;
      }
      out.startGroup();
      string(out, "element", 0, v);
      out.endGroup();
    }
    if (any) {
      out.endField("list", 0);
    }
    out.endGroup();
    out.endField(name, index);
  }

  /**
   * Writes an ISO-8601 text as the timestamp field {@code index} (not at all if it does not parse).
   */
  protected static void timestamp(RecordConsumer out, String name, int index, String value) {
    Long millis = value == null ? null : Timestamps.millis(value);
    if (millis != null) {
      out.startField(name, index);
      out.addLong(millis);
      out.endField(name, index);
    }
  }
}
