package dev.gitml.collector.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet file gitml wrote back into Jackson trees, the inverse of {@link ParquetShards}:
 * structs as objects, lists as arrays, timestamps as ISO-8601 UTC texts, null columns absent. For
 * tests, benchmarks and checks: it holds the whole file.
 */
public final class ParquetRows {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ParquetRows() {}

  /** What a file holds: its schema, its row groups' row counts and its rows. */
  public record Contents(MessageType schema, List<Long> rowGroups, List<ObjectNode> rows) {}

  public static Contents read(Path file) throws IOException {
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .withCodecFactory(new ZstdCodecs())
            .build();
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file), options)) {
      MessageType schema = r.getFooter().getFileMetaData().getSchema();
      List<Long> groups = r.getRowGroups().stream().map(BlockMetaData::getRowCount).toList();
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
      List<ObjectNode> rows = new ArrayList<>();
      for (PageReadStore g = r.readNextRowGroup(); g != null; g = r.readNextRowGroup()) {
        RecordReader<Group> records = io.getRecordReader(g, new GroupRecordConverter(schema));
        for (long i = 0; i < g.getRowCount(); i++) {
          rows.add(object(records.read()));
        }
      }
      return new Contents(schema, groups, rows);
    }
  }

  private static ObjectNode object(Group g) {
    ObjectNode o = NODES.objectNode();
    GroupType t = g.getType();
    for (int i = 0; i < t.getFieldCount(); i++) {
      if (g.getFieldRepetitionCount(i) > 0) {
        o.set(t.getFieldName(i), value(t.getType(i), g, i));
      }
    }
    return o;
  }

  private static JsonNode value(Type f, Group g, int i) {
    if (!f.isPrimitive()) {
      Group child = g.getGroup(i, 0);
      if (!(f.getLogicalTypeAnnotation()
          instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)) {
        return object(child);
      }
      ArrayNode a = NODES.arrayNode();
      for (int k = 0; k < child.getFieldRepetitionCount(0); k++) {
        Group item = child.getGroup(0, k);
        a.add(
            item.getFieldRepetitionCount(0) == 0
                ? NODES.nullNode()
                : value(item.getType().getType(0), item, 0));
      }
      return a;
    }
    return switch (f.asPrimitiveType().getPrimitiveTypeName()) {
      case BINARY -> NODES.textNode(g.getString(i, 0));
      case INT64 ->
          f.getLogicalTypeAnnotation()
                  instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
              ? NODES.textNode(Instant.ofEpochMilli(g.getLong(i, 0)).toString())
              : NODES.numberNode(g.getLong(i, 0));
      case INT32 -> NODES.numberNode(g.getInteger(i, 0));
      case BOOLEAN -> NODES.booleanNode(g.getBoolean(i, 0));
      case DOUBLE -> NODES.numberNode(g.getDouble(i, 0));
      default -> NODES.textNode(g.getValueToString(i, 0));
    };
  }
}
