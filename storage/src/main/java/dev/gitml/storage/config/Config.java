package dev.gitml.storage.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.chunk.ChunkOptions;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.RecordType.Placement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code .git-ml/config.json}, tracked in git: which streams are tracked or local, the ML-only
 * commit prefixes, milestones, retention, extra redaction rules, the trainer hand-off command, and
 * the chunk sizes. Keys missing from the file take their defaults (objects merge key by key); keys
 * this build does not know are ignored, so an older gitml reads a newer file.
 */
public record Config(
    int version,
    Map<String, String> streams,
    List<String> mlCommitPrefixes,
    Map<String, Milestone> milestones,
    int retentionDays,
    JsonNode redaction,
    JsonNode trainer,
    Chunks chunks) {

  public static final int VERSION = 1;

  /** Counts at which a kind of model becomes worth training. */
  public record Milestone(int commits, int sessions, int chats) {}

  /** Chunk sizes: when an open segment is sealed, block size, zstd level. */
  public record Chunks(long segmentBytes, int blockBytes, int zstdLevel) {
    public ChunkOptions options() {
      return new ChunkOptions(segmentBytes, blockBytes, zstdLevel);
    }
  }

  // Tree model only: databind's introspection of records costs more start-up time than a
  // short command such as `gitml stats` can afford.
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public static Config defaults() {
    Map<String, String> streams = new LinkedHashMap<>();
    for (RecordType t : RecordType.values()) {
      streams.put(t.stream(), t.defaultPlacement().dirName());
    }
    Map<String, Milestone> milestones = new LinkedHashMap<>();
    // The Python collector's milestones (docs/formats.md, config.json).
    milestones.put("file_prediction", new Milestone(500, 100, 200));
    milestones.put("commit_messages", new Milestone(2000, 500, 1000));
    milestones.put("code_suggestions", new Milestone(5000, 2000, 5000));
    ObjectNode redaction = JSON.createObjectNode();
    redaction.putArray("rules");
    redaction.putArray("allowlist");
    ObjectNode trainer = JSON.createObjectNode();
    trainer.putNull("command");
    return new Config(
        VERSION,
        streams,
        List.of("data: ML"),
        milestones,
        730,
        redaction,
        trainer,
        new Chunks(
            ChunkOptions.DEFAULTS.segmentBytes(),
            ChunkOptions.DEFAULTS.blockBytes(),
            ChunkOptions.DEFAULTS.zstdLevel()));
  }

  /** Reads {@code file} over the defaults; a missing file gives the defaults. */
  public static Config load(Path file) throws IOException {
    ObjectNode merged = defaults().toTree();
    try {
      JsonNode user = JSON.readTree(Files.readAllBytes(file));
      if (user == null || !user.isObject()) {
        throw new ConfigException(file + ": not a JSON object");
      }
      merge(merged, (ObjectNode) user);
    } catch (NoSuchFileException e) {
      return defaults();
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          file
              + ": not valid JSON at line "
              + e.getLocation().getLineNr()
              + ": "
              + e.getOriginalMessage());
    }
    Config c = fromTree(merged, file);
    c.validate(file);
    return c;
  }

  private static Config fromTree(ObjectNode n, Path file) throws ConfigException {
    Map<String, String> streams = new LinkedHashMap<>();
    n.path("streams")
        .properties()
        .iterator()
        .forEachRemaining(e -> streams.put(e.getKey(), e.getValue().asText()));
    List<String> prefixes = new java.util.ArrayList<>();
    n.path("ml_commit_prefixes").forEach(v -> prefixes.add(v.asText()));
    Map<String, Milestone> milestones = new LinkedHashMap<>();
    n.path("milestones")
        .properties()
        .iterator()
        .forEachRemaining(
            e ->
                milestones.put(
                    e.getKey(),
                    new Milestone(
                        e.getValue().path("commits").asInt(),
                        e.getValue().path("sessions").asInt(),
                        e.getValue().path("chats").asInt())));
    JsonNode chunks = n.path("chunks");
    if (!chunks.path("segment_bytes").canConvertToLong()
        || !chunks.path("block_bytes").canConvertToInt()
        || !chunks.path("zstd_level").canConvertToInt()) {
      throw new ConfigException(
          file + ": chunks: segment_bytes, block_bytes and zstd_level" + " must be numbers");
    }
    return new Config(
        n.path("version").asInt(VERSION),
        streams,
        List.copyOf(prefixes),
        milestones,
        n.path("retention_days").asInt(),
        n.path("redaction"),
        n.path("trainer"),
        new Chunks(
            chunks.get("segment_bytes").asLong(),
            chunks.get("block_bytes").asInt(),
            chunks.get("zstd_level").asInt()));
  }

  /** This configuration as a JSON tree, in config.json's shape. */
  public ObjectNode toTree() {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", version);
    ObjectNode s = n.putObject("streams");
    streams.forEach(s::put);
    prefixes(n.putArray("ml_commit_prefixes"));
    ObjectNode m = n.putObject("milestones");
    milestones.forEach(
        (k, v) ->
            m.putObject(k)
                .put("commits", v.commits())
                .put("sessions", v.sessions())
                .put("chats", v.chats()));
    n.put("retention_days", retentionDays);
    n.set("redaction", redaction.deepCopy());
    n.set("trainer", trainer.deepCopy());
    n.putObject("chunks")
        .put("segment_bytes", chunks.segmentBytes())
        .put("block_bytes", chunks.blockBytes())
        .put("zstd_level", chunks.zstdLevel());
    return n;
  }

  private void prefixes(com.fasterxml.jackson.databind.node.ArrayNode a) {
    mlCommitPrefixes.forEach(a::add);
  }

  /** Writes this configuration as indented JSON. */
  public byte[] toJson() {
    try {
      return (JSON.writeValueAsString(toTree()) + "\n")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("config always serializes", e);
    }
  }

  /** Where a stream's files live. */
  public Placement placement(RecordType type) {
    String p = streams.get(type.stream());
    return p == null ? type.defaultPlacement() : Placement.valueOf(p.toUpperCase(Locale.ROOT));
  }

  private void validate(Path file) throws ConfigException {
    for (Map.Entry<String, String> e : streams.entrySet()) {
      try {
        RecordType.fromStream(e.getKey());
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(file + ": streams: " + ex.getMessage());
      }
      if (!"tracked".equals(e.getValue()) && !"local".equals(e.getValue())) {
        throw new ConfigException(
            file
                + ": streams."
                + e.getKey()
                + " must be \"tracked\" or \"local\", not \""
                + e.getValue()
                + "\"");
      }
    }
    try {
      chunks.options();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file + ": chunks: " + e.getMessage());
    }
    if (retentionDays < 1) {
      throw new ConfigException(file + ": retention_days must be positive: " + retentionDays);
    }
  }

  private static void merge(ObjectNode base, ObjectNode over) {
    over.properties()
        .iterator()
        .forEachRemaining(
            e -> {
              JsonNode existing = base.get(e.getKey());
              if (existing != null && existing.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) existing, (ObjectNode) e.getValue());
              } else {
                base.set(e.getKey(), e.getValue());
              }
            });
  }
}
