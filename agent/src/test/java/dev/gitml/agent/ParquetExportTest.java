package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.parquet.ParquetRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gitml export --format parquet on real data (the yargs history fixture, commits captured and
 * backfilled, an imported Claude Code session), read back with parquet-java's reader and compared
 * with the JSONL export of the same store. Runs without Hadoop on the class path, as the shipped
 * jar does.
 */
class ParquetExportTest {
  @TempDir Path tmp;
  GitRepoFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = ExportRepo.create(tmp);
  }

  @Test
  void parquet_backfilledRepositoryAndSession_sameRowsAndColumnsAsJsonl() throws Exception {
    Path jsonl = tmp.resolve("all.jsonl");
    Path out = tmp.resolve("pq");
    assertEquals(0, fx.gitml("export", "--format", "jsonl", "--out", jsonl.toString()).exit());

    CliRun r = fx.gitml("export", "--format", "parquet", "--out", out.toString());

    assertEquals(0, r.exit(), r.err());
    Map<String, List<JsonNode>> expected = new LinkedHashMap<>();
    for (String line : Files.readAllLines(jsonl)) {
      ObjectNode e = (ObjectNode) GitRepoFixture.JSON.readTree(line);
      String split = e.remove("split").asText();
      e.put("timestamp", OffsetDateTime.parse(e.get("timestamp").asText()).toInstant().toString());
      expected.computeIfAbsent(e.get("type").asText() + "/" + split, k -> new ArrayList<>()).add(e);
    }
    Map<String, List<JsonNode>> actual = new LinkedHashMap<>();
    for (Path f : parquetFiles(out)) {
      String task = f.getParent().getFileName().toString();
      String name = f.getFileName().toString();
      assertTrue(name.matches("(train|validation|test)-00000-of-00001\\.parquet"), name);
      ParquetRows.Contents c = ParquetRows.read(f);
      assertTimestampColumn(c.schema());
      actual
          .computeIfAbsent(
              task + "/" + name.substring(0, name.indexOf('-')), k -> new ArrayList<>())
          .addAll(c.rows());
    }
    assertEquals(expected.keySet(), actual.keySet());
    for (String k : expected.keySet()) {
      assertEquals(expected.get(k), actual.get(k), k);
    }
    assertTrue(expected.keySet().containsAll(List.of("chat/train", "commit-message/test")));
    String card = Files.readString(out.resolve("README.md"));
    assertTrue(card.contains("path: data/file-prediction/train-*.parquet"), card);
    assertTrue(Files.readString(out.resolve(".gitml-export")).contains("format parquet"));
  }

  @Test
  void parquet_smallerThanTheSameExportAsJsonl() throws Exception {
    Path jsonl = tmp.resolve("all.jsonl");
    Path out = tmp.resolve("pq");
    fx.gitml("export", "--format", "jsonl", "--out", jsonl.toString());
    fx.gitml("export", "--format", "parquet", "--out", out.toString());

    long parquet = 0;
    for (Path f : parquetFiles(out)) {
      parquet += Files.size(f);
    }
    assertTrue(parquet < Files.size(jsonl), parquet + " >= " + Files.size(jsonl));
  }

  @Test
  void parquet_trajectoryTask_sameChatsMessagesAndCallsAsJsonl() throws Exception {
    Path jsonl = tmp.resolve("trajectories.jsonl");
    Path out = tmp.resolve("pq-trajectory");
    assertEquals(
        0,
        fx.gitml("export", "--task", "trajectory", "--format", "jsonl", "--out", jsonl.toString())
            .exit());

    CliRun r =
        fx.gitml("export", "--task", "trajectory", "--format", "parquet", "--out", out.toString());

    assertEquals(0, r.exit(), r.err());
    Map<String, String> expected = new java.util.TreeMap<>();
    for (String line : Files.readAllLines(jsonl)) {
      JsonNode t = GitRepoFixture.JSON.readTree(line);
      expected.put(t.at("/metadata/chat_id").asText(), shape(t));
    }
    Map<String, String> actual = new java.util.TreeMap<>();
    for (Path f : parquetFiles(out)) {
      assertEquals("trajectory", f.getParent().getFileName().toString());
      for (JsonNode t : ParquetRows.read(f).rows()) {
        actual.put(t.at("/metadata/chat_id").asText(), shape(t));
      }
    }
    assertFalse(expected.isEmpty());
    assertEquals(expected, actual);
  }

  /** A trajectory's roles, call ids and answered ids in order, and its assistant and commits. */
  private static String shape(JsonNode t) {
    StringBuilder sb = new StringBuilder(t.at("/metadata/assistant").asText());
    for (JsonNode m : t.get("messages")) {
      sb.append(' ').append(m.get("role").asText());
      m.path("tool_calls").forEach(c -> sb.append(" call:").append(c.get("id").asText()));
      if (m.hasNonNull("tool_call_id")) {
        sb.append(" answers:").append(m.get("tool_call_id").asText());
      }
    }
    sb.append(" commits:").append(t.at("/metadata/commits").size());
    return sb.toString();
  }

  private static void assertTimestampColumn(MessageType schema) {
    LogicalTypeAnnotation t = schema.getType("timestamp").getLogicalTypeAnnotation();
    assertEquals(
        LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS), t);
  }

  private static List<Path> parquetFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    }
  }
}
