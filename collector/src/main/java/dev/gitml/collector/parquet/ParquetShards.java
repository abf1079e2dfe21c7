package dev.gitml.collector.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.files.AtomicFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * One split of a Parquet data set, streamed into files named as Hugging Face names shards: {@code
 * <name>-00000-of-00003.parquet}. Rows are buffered one row group at a time (flushed at {@link
 * Layout#rowGroupBytes} or {@link Layout#rowGroupRows}, whichever comes first) and a new file is
 * begun once one reaches {@link Layout#fileBytes}; the files take their final names when the split
 * is closed and their count is known. Columns are zstd-compressed, dictionary-encoded where that
 * pays.
 */
public final class ParquetShards implements Closeable {
  /** Row group and file sizes. */
  public record Layout(long rowGroupBytes, int rowGroupRows, long fileBytes) {
    /**
     * 64 MB or 100,000 rows a row group (readers parallelise by row group; a writer holds one in
     * memory), 512 MB a file (Hugging Face's advice for shards).
     */
    public static final Layout DEFAULT = new Layout(64L << 20, 100_000, 512L << 20);
  }

  private final Path dir;
  private final String name;
  private final MessageType schema;
  private final Map<String, String> metadata;
  private final Layout layout;
  private final List<Path> parts = new ArrayList<>();
  private ParquetWriter<JsonNode> writer;
  private long rows;

  /**
   * A split {@code name} ({@code train}) under {@code dir}, rows of {@code schema}; {@code
   * metadata} is kept in each file's footer.
   */
  public ParquetShards(
      Path dir, String name, MessageType schema, Map<String, String> metadata, Layout layout) {
    this.dir = dir;
    this.name = name;
    this.schema = schema;
    this.metadata = metadata;
    this.layout = layout;
  }

  /** Writes one row: a tree with the schema's fields by name (see {@link JsonWriteSupport}). */
  public void write(JsonNode row) throws IOException {
    if (writer == null) {
      writer = open();
    }
    writer.write(row);
    rows++;
    if (writer.getDataSize() >= layout.fileBytes()) {
      writer.close();
      writer = null;
    }
  }

  /** Rows written so far. */
  public long rows() {
    return rows;
  }

  /** The files written, under their final names once closed. */
  public List<Path> files() {
    return List.copyOf(parts);
  }

  private ParquetWriter<JsonNode> open() throws IOException {
    AtomicFiles.createPrivateDirectories(dir);
    Path part =
        dir.resolve(String.format(Locale.ROOT, ".%s-%05d.parquet.part", name, parts.size()));
    AtomicFiles.writeString(part, ""); // owner-only; the writer truncates it, keeping the mode
    parts.add(part);
    return new Builder(new LocalOutputFile(part), schema, metadata)
        .withConf(new PlainParquetConfiguration())
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCodecFactory(new ZstdCodecs())
        .withCompressionCodec(CompressionCodecName.ZSTD)
        .withRowGroupSize(layout.rowGroupBytes())
        .withRowGroupRowCountLimit(layout.rowGroupRows())
        .withPageWriteChecksumEnabled(true)
        .build();
  }

  /** Closes the open file and gives every file its final name, {@code -0000k-of-0000N}. */
  @Override
  public void close() throws IOException {
    if (writer != null) {
      writer.close();
      writer = null;
    }
    int n = parts.size();
    for (int i = 0; i < n; i++) {
      Path to = dir.resolve(String.format(Locale.ROOT, "%s-%05d-of-%05d.parquet", name, i, n));
      if (!parts.get(i).equals(to)) {
        Files.move(parts.get(i), to);
        parts.set(i, to);
      }
    }
  }

  private static final class Builder extends ParquetWriter.Builder<JsonNode, Builder> {
    private final MessageType schema;
    private final Map<String, String> metadata;

    Builder(OutputFile file, MessageType schema, Map<String, String> metadata) {
      super(file);
      this.schema = schema;
      this.metadata = metadata;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    @SuppressWarnings(
        "deprecation") // the Hadoop form, required by the abstract class; never called
    protected WriteSupport<JsonNode> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      return new JsonWriteSupport(schema, metadata);
    }

    @Override
    protected WriteSupport<JsonNode> getWriteSupport(
        org.apache.parquet.conf.ParquetConfiguration conf) {
      return new JsonWriteSupport(schema, metadata);
    }
  }
}
