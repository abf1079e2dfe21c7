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
import java.util.Set;
import java.util.function.Supplier;
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
public final class ParquetShards<T> implements Closeable {
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
  private final Supplier<? extends RowWriteSupport<T>> support;
  private final Layout layout;
  private final List<Path> parts = new ArrayList<>();
  private ParquetWriter<T> writer;
  private long rows;

  /**
   * A split {@code name} ({@code train}) under {@code dir}, its rows written by what {@code
   * support} gives (one for each file).
   */
  public ParquetShards(
      Path dir, String name, Supplier<? extends RowWriteSupport<T>> support, Layout layout) {
    this.dir = dir;
    this.name = name;
    this.support = support;
    this.layout = layout;
  }

  /**
   * A split whose rows are Jackson trees with {@code schema}'s fields by name (see {@link
   * JsonWriteSupport}); {@code metadata} is kept in each file's footer, {@code freeTextColumns} are
   * written without a dictionary or statistics.
   */
  public static ParquetShards<JsonNode> ofTrees(
      Path dir,
      String name,
      MessageType schema,
      Map<String, String> metadata,
      Set<String> freeTextColumns,
      Layout layout) {
    return new ParquetShards<>(
        dir, name, () -> new JsonWriteSupport(schema, metadata, freeTextColumns), layout);
  }

  /** Writes one row. */
  public void write(T row) throws IOException {
    if (writer == null) {
      writer = open();
    }
    writer.write(row);
    rows++;
    // The size is summed over every column: asked every 64 rows, a file passes its bound by as
    // many rows at most.
    if (rows % 64 == 0 && writer.getDataSize() >= layout.fileBytes()) {
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

  private ParquetWriter<T> open() throws IOException {
    AtomicFiles.createPrivateDirectories(dir);
    Path part =
        dir.resolve(String.format(Locale.ROOT, ".%s-%05d.parquet.part", name, parts.size()));
    AtomicFiles.writeString(part, ""); // owner-only; the writer truncates it, keeping the mode
    parts.add(part);
    RowWriteSupport<T> rowSupport = support.get();
    Builder<T> b =
        new Builder<>(new LocalOutputFile(part), rowSupport)
            .withConf(new PlainParquetConfiguration());
    for (String column : rowSupport.freeTextColumns()) {
      b = b.withDictionaryEncoding(column, false).withStatisticsEnabled(column, false);
    }
    return b.withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
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

  private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
    private final RowWriteSupport<T> support;

    Builder(OutputFile file, RowWriteSupport<T> support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder<T> self() {
      return this;
    }

    @Override
    @SuppressWarnings(
        "deprecation") // the Hadoop form, required by the abstract class; never called
    protected WriteSupport<T> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      return support;
    }

    @Override
    protected WriteSupport<T> getWriteSupport(org.apache.parquet.conf.ParquetConfiguration conf) {
      return support;
    }
  }
}
