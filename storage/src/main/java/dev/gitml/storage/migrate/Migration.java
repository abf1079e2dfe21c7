package dev.gitml.storage.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.Store;
import dev.gitml.storage.StoreException;
import dev.gitml.storage.json.Mappers;
import dev.gitml.storage.record.RecordData;
import dev.gitml.storage.record.RecordMapper;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StoredRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * {@code gitml migrate --from PATH}: imports the Python collector's data directory (every format it
 * wrote: {@code tracked/*.jsonl}, its zlib+base64 chunk lines, {@code chats/}, {@code commits/},
 * {@code sessions/}, {@code actions/}) or one JSONL file of lite commit records. Idempotent:
 * records are content-addressed, so a second run stores nothing new. A file or line that cannot be
 * read is skipped and reported with its reason; the rest is imported.
 */
public final class Migration {
  private static final ObjectMapper JSON = Mappers.JSON;
  private static final int BATCH = 10_000;

  private final Store store;
  private final UnaryOperator<ObjectNode> scrub;
  private final MigrationReport report = new MigrationReport();
  private final Map<RecordType, List<StoredRecord>> pending = new EnumMap<>(RecordType.class);
  private final SessionMerger sessions = new SessionMerger();
  private Path base;

  private Migration(Store store, UnaryOperator<ObjectNode> scrub) {
    this.store = store;
    this.scrub = scrub;
  }

  /** Imports {@code from} into {@code store} as it is. */
  public static MigrationReport run(Store store, Path from) throws IOException {
    return run(store, from, UnaryOperator.identity());
  }

  /**
   * Imports {@code from} into {@code store}, passing each record's data through {@code scrub} (the
   * redactor) before its id is computed, so a second run stores nothing new.
   */
  public static MigrationReport run(Store store, Path from, UnaryOperator<ObjectNode> scrub)
      throws IOException {
    return new Migration(store, scrub).migrate(from);
  }

  private MigrationReport migrate(Path from) throws IOException {
    if (Files.isRegularFile(from)) {
      base = from.getParent() == null ? from : from.getParent();
      jsonLines(from, this::liteCommit);
    } else if (Files.isDirectory(from)) {
      Path dir = Files.isDirectory(from.resolve(".git-ml")) ? from.resolve(".git-ml") : from;
      base = dir;
      if (!looksLikePythonLayout(dir)) {
        throw new StoreException(
            from
                + " is not a Python collector data directory (no tracked/,"
                + " chats/, commits/, sessions/ or actions/ in it)");
      }
      migrateDirectory(dir);
    } else {
      throw new StoreException("no such file or directory: " + from);
    }
    for (RecordData s : sessions.sessions()) {
      add(s);
    }
    flushAll();
    return report;
  }

  private static boolean looksLikePythonLayout(Path dir) {
    for (String sub : List.of("tracked", "chats", "commits", "sessions", "actions")) {
      if (Files.isDirectory(dir.resolve(sub))) {
        return true;
      }
    }
    return false;
  }

  private void migrateDirectory(Path dir) throws IOException {
    Path tracked = dir.resolve("tracked");
    if (Files.isDirectory(tracked)) {
      for (Path f : sortedFiles(tracked, 1, ".jsonl")) {
        String name = f.getFileName().toString();
        switch (name) {
          case "commits.jsonl" -> jsonLines(f, this::liteCommit);
          case "sessions.jsonl" -> jsonLines(f, n -> sessions.addSummary(n));
          case "orchestration.jsonl" -> jsonLines(f, n -> sessions.addOrchestration(n));
          default -> report.skip(label(f), "unknown tracked file, not imported");
        }
      }
      Path chunked = tracked.resolve("chunked");
      if (Files.isDirectory(chunked)) {
        for (Path f : sortedFiles(chunked, 1, ".jsonl")) {
          jsonLines(f, this::chunkLine);
        }
      }
    }
    jsonFiles(dir.resolve("commits"), n -> addAll(PythonRecords.commitFull(n)));
    jsonFiles(dir.resolve("chats"), n -> addAll(PythonRecords.chat(n)));
    jsonFiles(dir.resolve("sessions"), n -> sessions.addSummary(n));
    jsonFiles(dir.resolve("actions"), n -> add(PythonRecords.action(n)));
  }

  private void liteCommit(JsonNode n) throws IOException {
    add(PythonRecords.commit(n));
  }

  /**
   * One line of the Python tool's chunk files: {@code {record_type, record_id, sequence,
   * total_parts, compressed, content_hash, data}}.
   */
  private void chunkLine(JsonNode line) throws IOException {
    JsonNode data = line.get("data");
    if (data == null || !data.isObject()) {
      throw new IllegalArgumentException("chunk line without a data object");
    }
    if (line.path("total_parts").asInt(1) > 1) {
      throw new IllegalArgumentException(
          "part "
              + line.path("sequence").asInt()
              + " of a "
              + line.path("total_parts").asInt()
              + "-part record (multi-part records are not"
              + " supported)");
    }
    ObjectNode inflated = PythonRecords.inflateFields((ObjectNode) data);
    String type = line.path("record_type").asText("");
    switch (type) {
      case "chat" -> addAll(PythonRecords.chat(inflated));
      case "commit" -> {
        if (inflated.has("hunks")) {
          addAll(PythonRecords.commitFull(inflated));
        } else {
          add(PythonRecords.commit(inflated));
        }
      }
      case "session" -> sessions.addSummary(inflated);
      case "action" -> add(PythonRecords.action(inflated));
      default -> throw new IllegalArgumentException("unknown record_type '" + type + "'");
    }
  }

  /** Receives one parsed JSON value; throws IllegalArgumentException to skip it. */
  private interface JsonHandler {
    void accept(JsonNode n) throws IOException;
  }

  private void jsonLines(Path file, JsonHandler handler) throws IOException {
    String source = label(file);
    report.source(source);
    try (BufferedReader in = reader(file)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        handle(source, "line " + number, line, handler);
      }
    } catch (IOException e) {
      report.skip(source, "cannot read: " + e.getMessage());
    }
  }

  private void jsonFiles(Path dir, JsonHandler handler) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    String source = label(dir) + "/";
    report.source(source);
    for (Path f : sortedFiles(dir, 2, ".json")) {
      String content;
      try {
        content = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        report.skip(source, label(f) + ": cannot read: " + e.getMessage());
        continue;
      }
      handle(source, label(f), content, handler);
    }
  }

  private void handle(String source, String where, String text, JsonHandler handler)
      throws IOException {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      report.skip(source, where + ": not JSON (" + e.getOriginalMessage() + ")");
      return;
    }
    if (n == null || !n.isObject()) {
      report.skip(source, where + ": not a JSON object");
      return;
    }
    try {
      handler.accept(n);
      report.read(source);
    } catch (IllegalArgumentException e) {
      report.skip(source, where + ": " + e.getMessage());
    }
  }

  private void add(RecordData payload) throws IOException {
    StoredRecord r =
        StoredRecord.of(
            payload.recordType(),
            payload.timestampMillis(),
            scrub.apply(RecordMapper.toData(payload)));
    pending.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r);
    if (pending.get(r.type()).size() >= BATCH) {
      flush(r.type());
    }
  }

  private void addAll(List<RecordData> payloads) throws IOException {
    for (RecordData p : payloads) {
      add(p);
    }
  }

  private void flushAll() throws IOException {
    for (RecordType t : RecordType.values()) {
      flush(t);
    }
  }

  private void flush(RecordType type) throws IOException {
    List<StoredRecord> batch = pending.remove(type);
    if (batch == null || batch.isEmpty()) {
      return;
    }
    Store.AppendResult r = store.append(batch);
    report.stored(type.stream(), r.added(), r.skipped());
  }

  private String label(Path p) {
    Path rel = base.relativize(p);
    return rel.toString().isEmpty() ? p.getFileName().toString() : rel.toString();
  }

  private static BufferedReader reader(Path file) throws IOException {
    // Malformed UTF-8 becomes U+FFFD instead of failing the whole file.
    return new BufferedReader(
        new java.io.InputStreamReader(
            Files.newInputStream(file),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)));
  }

  private static List<Path> sortedFiles(Path dir, int depth, String suffix) throws IOException {
    try (Stream<Path> s = Files.walk(dir, depth)) {
      return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix))
          .sorted()
          .toList();
    }
  }
}
