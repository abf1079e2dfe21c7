package dev.gitml.collector.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.gitml.collector.parquet.ParquetShards;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.json.Mappers;
import dev.gitml.storage.record.TextFields;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes examples in one {@link Format} under a root (a file or a directory), streaming: one open
 * file per task and split at most, nothing held in memory.
 */
final class ExampleWriter implements Closeable {
  /** Field lengths a CSV row keeps, as the Python tool's export did. */
  static final int CSV_PROMPT = 500;

  static final int CSV_RESPONSE = 2_000;
  static final int CSV_OTHER = 1_000;
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final CsvMapper CSV = new CsvMapper();

  /** The first line of every CSV export, also how a file is recognised as one. */
  static final String CSV_HEADER = "split,type,timestamp,input,output,files,tools_used\n";

  /** The first line of a CSV export of many repositories: a {@code repo} column last. */
  static final String CSV_HEADER_BY_REPO =
      "split,type,timestamp,input,output,files,tools_used,repo\n";

  private static final CsvSchema CSV_SCHEMA =
      CsvSchema.builder()
          .addColumn("split")
          .addColumn("type")
          .addColumn("timestamp")
          .addColumn("input")
          .addColumn("output")
          .addColumn("files")
          .addColumn("tools_used")
          .build()
          .withHeader();

  private static final CsvSchema CSV_SCHEMA_BY_REPO =
      CSV_SCHEMA.rebuild().addColumn("repo").build().withHeader();

  private final Format format;
  private final Path root;
  private final boolean byRepo;
  private final Map<String, Closeable> open = new LinkedHashMap<>();
  private final Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
  private final ParquetExampleWriter parquet;

  ExampleWriter(Format format, Path root) throws IOException {
    this(format, root, false);
  }

  /**
   * A writer of an export of many repositories when {@code byRepo}: each example's {@code repo} a
   * field (JSONL, a CSV column) and its partition ({@code data/<task>/repo=<name>/} in {@code hf}).
   */
  ExampleWriter(Format format, Path root, boolean byRepo) throws IOException {
    this.format = format;
    this.root = root;
    this.byRepo = byRepo;
    if (format.directory()) {
      AtomicFiles.createPrivateDirectories(root);
    }
    parquet =
        format == Format.PARQUET
            ? new ParquetExampleWriter(root, ParquetShards.Layout.DEFAULT)
            : null;
  }

  /** Examples written, by task and split. */
  Map<String, Map<String, Integer>> counts() {
    return counts;
  }

  void write(Task task, Example e) throws IOException {
    counts.computeIfAbsent(task.id(), k -> new LinkedHashMap<>()).merge(e.split(), 1, Integer::sum);
    switch (format) {
      case JSONL -> {
        JsonGenerator g = json("all", root);
        g.writeStartObject();
        fields(g, e);
        g.writeStringField("split", e.split());
        repo(g, e.repo());
        g.writeEndObject();
        g.writeRaw('\n');
      }
      case CSV -> {
        CsvGenerator g = csv();
        g.writeStartArray();
        g.writeString(e.split());
        g.writeString(e.type());
        g.writeString(e.timestamp());
        boolean chat = e.type().equals("chat");
        g.writeString(TextFields.cut(e.input(), chat ? CSV_PROMPT : CSV_OTHER));
        g.writeString(TextFields.cut(e.output(), chat ? CSV_RESPONSE : CSV_OTHER));
        g.writeString(TextFields.cut(String.join(";", e.files()), CSV_OTHER));
        g.writeString(String.join(";", e.toolsUsed()));
        if (byRepo) {
          g.writeString(e.repo());
        }
        g.writeEndArray();
      }
      case CHAT_JSONL -> {
        JsonGenerator g = json(e.split(), root.resolve(e.split() + ".jsonl"));
        g.writeStartObject();
        g.writeArrayFieldStart("messages");
        message(g, "user", e.input());
        message(g, "assistant", e.output());
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
      }
      case HF -> {
        JsonGenerator g = hf(task, e.repo(), e.split());
        g.writeStartObject();
        fields(g, e);
        repo(g, e.repo());
        g.writeEndObject();
        g.writeRaw('\n');
      }
      case PARQUET -> parquet.write(task, e);
      default -> throw new IllegalStateException();
    }
  }

  /** Writes a trajectory ({@link TrajectoryJson}); a CSV row cannot hold one. */
  void write(Trajectory t) throws IOException {
    counts
        .computeIfAbsent(Task.TRAJECTORY.id(), k -> new LinkedHashMap<>())
        .merge(t.split(), 1, Integer::sum);
    switch (format) {
      case JSONL -> {
        JsonGenerator g = json("all", root);
        g.writeStartObject();
        TrajectoryJson.messagesAndTools(g, t);
        TrajectoryJson.metadata(g, t.metadata());
        g.writeStringField("split", t.split());
        repo(g, t.repo());
        g.writeEndObject();
        g.writeRaw('\n');
      }
      case CHAT_JSONL -> {
        JsonGenerator g = json(t.split(), root.resolve(t.split() + ".jsonl"));
        g.writeStartObject();
        TrajectoryJson.messagesAndTools(g, t);
        g.writeEndObject();
        g.writeRaw('\n');
      }
      case HF -> {
        JsonGenerator g = hf(Task.TRAJECTORY, t.repo(), t.split());
        g.writeStartObject();
        TrajectoryJson.messagesAndTools(g, t);
        TrajectoryJson.metadata(g, t.metadata());
        repo(g, t.repo());
        g.writeEndObject();
        g.writeRaw('\n');
      }
      case PARQUET -> {
        // the same fields as the JSON forms, as a tree the Parquet writer maps onto its schema
        TokenBuffer tree = new TokenBuffer(Mappers.JSON, false);
        tree.writeStartObject();
        TrajectoryJson.messagesAndTools(tree, t);
        TrajectoryJson.metadata(tree, t.metadata());
        tree.writeEndObject();
        try (JsonParser p = tree.asParser()) {
          parquet.write(Task.TRAJECTORY.id(), t.repo(), t.split(), Mappers.JSON.readTree(p));
        }
      }
      default -> throw new IllegalArgumentException(format.id() + " cannot hold trajectories");
    }
  }

  /** The file of a task's split in a {@code hf} export, inside its repository's partition. */
  private JsonGenerator hf(Task task, String repo, String split) throws IOException {
    Path dir = root.resolve("data").resolve(task.id());
    String key = task.id() + "/" + split;
    if (repo != null) {
      dir = dir.resolve("repo=" + repo);
      key = task.id() + "/repo=" + repo + "/" + split;
    }
    return json(key, dir.resolve(split + ".jsonl"));
  }

  private static void repo(JsonGenerator g, String repo) throws IOException {
    if (repo != null) {
      g.writeStringField("repo", repo);
    }
  }

  private static void fields(JsonGenerator g, Example e) throws IOException {
    g.writeStringField("type", e.type());
    g.writeStringField("timestamp", e.timestamp());
    g.writeStringField("input", e.input());
    g.writeStringField("output", e.output());
    g.writeObjectFieldStart("context");
    array(g, "files", e.files());
    array(g, "tools_used", e.toolsUsed());
    if (e.reverted() != null) {
      g.writeBooleanField("reverted", e.reverted());
    }
    if (e.ciResult() != null) {
      g.writeStringField("ci_result", e.ciResult());
    }
    g.writeEndObject();
  }

  private static void array(JsonGenerator g, String name, List<String> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private static void message(JsonGenerator g, String role, String content) throws IOException {
    g.writeStartObject();
    g.writeStringField("role", role);
    g.writeStringField("content", content);
    g.writeEndObject();
  }

  private JsonGenerator json(String key, Path file) throws IOException {
    Closeable c = open.get(key);
    if (c == null) {
      AtomicFiles.createPrivateDirectories(file.toAbsolutePath().getParent());
      JsonGenerator g = JSON.createGenerator(stream(file));
      g.setRootValueSeparator(null);
      open.put(key, g);
      return g;
    }
    return (JsonGenerator) c;
  }

  private CsvGenerator csv() throws IOException {
    Closeable c = open.get("csv");
    if (c == null) {
      CsvGenerator g = CSV.getFactory().createGenerator(stream(root));
      g.setSchema(byRepo ? CSV_SCHEMA_BY_REPO : CSV_SCHEMA);
      open.put("csv", g);
      return g;
    }
    return (CsvGenerator) c;
  }

  private static OutputStream stream(Path file) throws IOException {
    return AtomicFiles.newPrivateOutputStream(file);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    List<Closeable> all = new java.util.ArrayList<>(open.values());
    if (parquet != null) {
      all.add(parquet);
    }
    for (Closeable c : all) {
      try {
        c.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
