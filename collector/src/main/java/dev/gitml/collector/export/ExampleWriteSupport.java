package dev.gitml.collector.export;

import dev.gitml.collector.parquet.RowWriteSupport;
import java.util.Map;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes {@link Example}s as rows of {@link ParquetSchemas#EXAMPLE}, field by field into the record
 * consumer: the same row a tree of the example's JSON form gives (the JSONL export's fields without
 * {@code split}), with no tree built per example. Null fields are null columns; an empty list is an
 * empty list.
 */
final class ExampleWriteSupport extends RowWriteSupport<Example> {
  ExampleWriteSupport(Map<String, String> metadata) {
    super(ParquetSchemas.EXAMPLE, metadata, ParquetSchemas.freeTextColumns(ParquetSchemas.EXAMPLE));
  }

  @Override
  protected void fields(Example e, RecordConsumer out) {
    if (e.type() == null) {
      throw new IllegalArgumentException("no value for required column type");
    }
    string(out, "type", 0, e.type());
    timestamp(out, "timestamp", 1, e.timestamp());
    string(out, "input", 2, e.input());
    string(out, "output", 3, e.output());
    out.startField("context", 4);
    out.startGroup();
    strings(out, "files", 0, e.files());
    strings(out, "tools_used", 1, e.toolsUsed());
    if (e.reverted() != null) {
      out.startField("reverted", 2);
      out.addBoolean(e.reverted());
      out.endField("reverted", 2);
    }
    string(out, "ci_result", 3, e.ciResult());
    out.endGroup();
    out.endField("context", 4);
    string(out, "repo", 5, e.repo());
  }
}
