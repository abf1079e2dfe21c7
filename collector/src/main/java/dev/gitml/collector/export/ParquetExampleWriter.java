package dev.gitml.collector.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.parquet.ParquetShards;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes examples as a Parquet data set in Hugging Face's layout: {@code
 * data/<task>/<split>-00000-of-0000N.parquet}, or {@code data/<task>/repo=<name>/<split>-…} (hive
 * partitions) for a multi-repository export. Tasks come one after another (as {@link Exporter}
 * writes them): a new task closes the previous one's files, so at most one task's splits hold a row
 * group in memory.
 */
final class ParquetExampleWriter implements Closeable {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Path root;
  private final ParquetShards.Layout layout;
  private final Map<String, ParquetShards> open = new LinkedHashMap<>();
  private final List<Path> written = new ArrayList<>();
  private String task;

  ParquetExampleWriter(Path root, ParquetShards.Layout layout) {
    this.root = root;
    this.layout = layout;
  }

  /** Writes an example of one of the text tasks (chat, commit-message, file-prediction). */
  void write(Task t, Example e) throws IOException {
    write(t.id(), null, e.split(), row(e, null));
  }

  /**
   * Writes one row of {@code task}'s schema ({@link ParquetSchemas}) into {@code split}, under
   * {@code repo}'s partition when it is not null (the row's {@code repo} column is set to it).
   */
  void write(String task, String repo, String split, JsonNode row) throws IOException {
    if (!task.equals(this.task)) {
      closeOpen();
      this.task = task;
    }
    if (repo != null && row instanceof ObjectNode o) {
      o.put("repo", repo);
    }
    String key = (repo == null ? "" : repo) + '\0' + split;
    ParquetShards s = open.get(key);
    if (s == null) {
      Path dir = root.resolve("data").resolve(task);
      if (repo != null) {
        dir = dir.resolve("repo=" + repo);
      }
      s =
          new ParquetShards(
              dir, split, ParquetSchemas.of(task), Map.of("gitml.task", task), layout);
      open.put(key, s);
    }
    s.write(row);
  }

  /** An example as a row of {@link ParquetSchemas#EXAMPLE}. */
  static ObjectNode row(Example e, String repo) {
    ObjectNode o = NODES.objectNode();
    o.put("type", e.type());
    o.put("timestamp", e.timestamp());
    o.put("input", e.input());
    o.put("output", e.output());
    ObjectNode context = o.putObject("context");
    e.files().forEach(context.putArray("files")::add);
    e.toolsUsed().forEach(context.putArray("tools_used")::add);
    if (e.reverted() != null) {
      context.put("reverted", e.reverted());
    }
    if (e.ciResult() != null) {
      context.put("ci_result", e.ciResult());
    }
    if (repo != null) {
      o.put("repo", repo);
    }
    return o;
  }

  /** The files written, relative to the root, '/'-separated (after {@link #close}). */
  List<String> files() {
    return written.stream().map(p -> root.relativize(p).toString().replace('\\', '/')).toList();
  }

  private void closeOpen() throws IOException {
    IOException first = null;
    for (ParquetShards s : open.values()) {
      try {
        s.close();
        written.addAll(s.files());
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }

  @Override
  public void close() throws IOException {
    closeOpen();
  }
}
