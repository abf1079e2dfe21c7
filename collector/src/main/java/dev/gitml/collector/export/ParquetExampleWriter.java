package dev.gitml.collector.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.parquet.ParquetShards;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.MessageType;

/**
 * Writes examples as a Parquet data set in Hugging Face's layout: {@code
 * data/<task>/<split>-00000-of-0000N.parquet}, or {@code data/<task>/repo=<name>/<split>-…} (hive
 * partitions) for a multi-repository export. Tasks come one after another (as {@link Exporter}
 * writes them): a new task closes the previous one's files, so at most one task's splits hold a row
 * group in memory. Examples are encoded on a thread of their own ({@link WriteBehind}), in the
 * order given, while the next are read; trajectories, few and large, are written in the caller's.
 */
final class ParquetExampleWriter implements Closeable {
  private final Path root;
  private final ParquetShards.Layout layout;
  private final Map<String, ParquetShards<Example>> examples = new LinkedHashMap<>();
  private final Map<String, ParquetShards<JsonNode>> trees = new LinkedHashMap<>();
  private final List<Path> written = new ArrayList<>();
  private final WriteBehind behind = new WriteBehind();
  private String task;

  ParquetExampleWriter(Path root, ParquetShards.Layout layout) {
    this.root = root;
    this.layout = layout;
  }

  /**
   * Writes an example of one of the text tasks (chat, commit-message, file-prediction), under its
   * repository's partition when it has one ({@link Example#repo}, a multi-repository export).
   */
  void write(Task t, Example e) throws IOException {
    behind.add(() -> writeNow(t, e), chars(e.input()) + chars(e.output()));
  }

  private static long chars(String s) {
    return s == null ? 0 : s.length();
  }

  private void writeNow(Task t, Example e) throws IOException {
    begin(t.id());
    ParquetShards<Example> s = examples.get(key(e.repo(), e.split()));
    if (s == null) {
      s =
          new ParquetShards<>(
              dir(t.id(), e.repo()),
              e.split(),
              () -> new ExampleWriteSupport(Map.of("gitml.task", t.id())),
              layout);
      examples.put(key(e.repo(), e.split()), s);
    }
    s.write(e);
  }

  /**
   * Writes one row of {@code task}'s schema ({@link ParquetSchemas}) into {@code split}, under
   * {@code repo}'s partition when it is not null (the row's {@code repo} column is set to it).
   */
  void write(String task, String repo, String split, JsonNode row) throws IOException {
    behind.drain();
    begin(task);
    if (repo != null && row instanceof ObjectNode o) {
      o.put("repo", repo);
    }
    ParquetShards<JsonNode> s = trees.get(key(repo, split));
    if (s == null) {
      MessageType schema = ParquetSchemas.of(task);
      s =
          ParquetShards.ofTrees(
              dir(task, repo),
              split,
              schema,
              Map.of("gitml.task", task),
              ParquetSchemas.freeTextColumns(schema),
              layout);
      trees.put(key(repo, split), s);
    }
    s.write(row);
  }

  /** A new task closes the previous one's files. */
  private void begin(String task) throws IOException {
    if (!task.equals(this.task)) {
      closeOpen();
      this.task = task;
    }
  }

  private static String key(String repo, String split) {
    return repo == null ? split : repo + '\0' + split;
  }

  private Path dir(String task, String repo) {
    Path dir = root.resolve("data").resolve(task);
    return repo == null ? dir : dir.resolve("repo=" + repo);
  }

  /** The files written, relative to the root, '/'-separated (after {@link #close}). */
  List<String> files() {
    return written.stream().map(p -> root.relativize(p).toString().replace('\\', '/')).toList();
  }

  private void closeOpen() throws IOException {
    IOException first = null;
    List<ParquetShards<?>> all = new ArrayList<>(examples.values());
    all.addAll(trees.values());
    for (ParquetShards<?> s : all) {
      try {
        s.close();
        written.addAll(s.files());
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    examples.clear();
    trees.clear();
    if (first != null) {
      throw first;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      behind.close();
    } catch (IOException | RuntimeException e) {
      try {
        closeOpen();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    closeOpen();
  }
}
