package dev.gitml.storage.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
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
 * commit prefixes, milestones, retention, extra redaction rules, the trainer hand-off command,
 * and the chunk sizes. Keys missing from the file take their defaults (objects merge key by key);
 * keys this build does not know are ignored, so an older gitml reads a newer file.
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

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .serializationInclusion(JsonInclude.Include.ALWAYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  public static Config defaults() {
    Map<String, String> streams = new LinkedHashMap<>();
    for (RecordType t : RecordType.values()) {
      streams.put(t.stream(), t.defaultPlacement().dirName());
    }
    Map<String, Milestone> milestones = new LinkedHashMap<>();
    // The Python collector's milestones (DESIGN §6).
    milestones.put("file_prediction", new Milestone(500, 100, 200));
    milestones.put("commit_messages", new Milestone(2000, 500, 1000));
    milestones.put("code_suggestions", new Milestone(5000, 2000, 5000));
    ObjectNode redaction = JSON.createObjectNode();
    redaction.putArray("rules");
    redaction.putArray("allowlist");
    ObjectNode trainer = JSON.createObjectNode();
    trainer.putNull("command");
    return new Config(
        VERSION, streams, List.of("data: ML"), milestones, 730, redaction, trainer,
        new Chunks(
            ChunkOptions.DEFAULTS.segmentBytes(),
            ChunkOptions.DEFAULTS.blockBytes(),
            ChunkOptions.DEFAULTS.zstdLevel()));
  }

  /** Reads {@code file} over the defaults; a missing file gives the defaults. */
  public static Config load(Path file) throws IOException {
    ObjectNode merged = JSON.valueToTree(defaults());
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
          file + ": not valid JSON at line " + e.getLocation().getLineNr() + ": "
              + e.getOriginalMessage());
    }
    Config c;
    try {
      c = JSON.treeToValue(merged, Config.class);
    } catch (JsonProcessingException e) {
      throw new ConfigException(file + ": " + e.getOriginalMessage());
    }
    c.validate(file);
    return c;
  }

  /** Writes this configuration as indented JSON. */
  public byte[] toJson() {
    try {
      return (JSON.writeValueAsString(this) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
            file + ": streams." + e.getKey() + " must be \"tracked\" or \"local\", not \""
                + e.getValue() + "\"");
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
    over.fields().forEachRemaining(e -> {
      JsonNode existing = base.get(e.getKey());
      if (existing != null && existing.isObject() && e.getValue().isObject()) {
        merge((ObjectNode) existing, (ObjectNode) e.getValue());
      } else {
        base.set(e.getKey(), e.getValue());
      }
    });
  }
}
