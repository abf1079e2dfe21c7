package dev.gitml.collector.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetShardsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          "message t {\n"
              + "  required binary id (STRING);\n"
              + "  optional int64 at (TIMESTAMP(MILLIS,true));\n"
              + "  optional binary text (STRING);\n"
              + "  optional group tags (LIST) { repeated group list {"
              + " optional binary element (STRING); } }\n"
              + "  optional group calls (LIST) { repeated group list { optional group element {\n"
              + "    optional binary name (STRING);\n"
              + "    optional binary arguments (STRING);\n"
              + "    optional boolean ok;\n"
              + "    optional int32 n;\n"
              + "  } } }\n"
              + "}");

  @TempDir Path tmp;

  private static ObjectNode row(int i) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", "row-" + i);
    o.put("at", "2026-01-21T07:15:00+01:00");
    o.put("text", "text " + i + " ".repeat(i % 7) + Integer.toHexString(i * 7919));
    o.putArray("tags").add("a").add("b" + i % 3);
    ObjectNode call = o.putArray("calls").addObject();
    call.put("name", "Bash");
    call.putObject("arguments").put("command", "ls " + i);
    call.put("ok", i % 2 == 0);
    call.put("n", i);
    return o;
  }

  private List<Path> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  @Test
  void write_pastTheFileSize_filesNamedKOfNAndEveryRowOnceInOrder() throws Exception {
    ParquetShards.Layout small = new ParquetShards.Layout(64 << 10, 100, 32 << 10);
    List<JsonNode> written = new ArrayList<>();
    try (ParquetShards<JsonNode> s =
        ParquetShards.ofTrees(tmp, "train", SCHEMA, Map.of("k", "v"), Set.of(), small)) {
      for (int i = 0; i < 5_000; i++) {
        ObjectNode r = row(i);
        s.write(r);
        written.add(r);
      }
    }

    List<Path> files = files(tmp);
    int n = files.size();
    assertTrue(n > 1, "split past 32 kB: " + n);
    List<ObjectNode> read = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      assertEquals(
          String.format("train-%05d-of-%05d.parquet", k, n), files.get(k).getFileName().toString());
      ParquetRows.Contents c = ParquetRows.read(files.get(k));
      assertTrue(c.rowGroups().stream().allMatch(g -> g <= 100), c.rowGroups().toString());
      read.addAll(c.rows());
    }
    assertEquals(5_000, read.size());
    for (int i = 0; i < read.size(); i++) {
      ObjectNode expected = ((ObjectNode) written.get(i)).deepCopy();
      expected.put("at", "2026-01-21T06:15:00Z");
      ((ObjectNode) expected.get("calls").get(0))
          .put("arguments", expected.get("calls").get(0).get("arguments").toString());
      assertEquals(expected, read.get(i), "row " + i);
    }
  }

  @Test
  void write_rowCountBound_rowGroupsOfThatManyRows() throws Exception {
    ParquetShards.Layout layout = new ParquetShards.Layout(64L << 20, 250, 512L << 20);
    try (ParquetShards<JsonNode> s =
        ParquetShards.ofTrees(tmp, "test", SCHEMA, Map.of(), Set.of(), layout)) {
      for (int i = 0; i < 1_000; i++) {
        s.write(row(i));
      }
    }

    ParquetRows.Contents c = ParquetRows.read(tmp.resolve("test-00000-of-00001.parquet"));
    assertEquals(List.of(250L, 250L, 250L, 250L), c.rowGroups());
  }

  @Test
  void write_absentAndNullValues_nullColumnsAndNoFileLeftHidden() throws Exception {
    ObjectNode sparse = JSON.createObjectNode().put("id", "x").put("at", "not a time");
    sparse.putNull("text");
    sparse.putArray("tags");
    try (ParquetShards<JsonNode> s =
        ParquetShards.ofTrees(
            tmp, "validation", SCHEMA, Map.of(), Set.of(), ParquetShards.Layout.DEFAULT)) {
      s.write(sparse);
    }

    ParquetRows.Contents c = ParquetRows.read(tmp.resolve("validation-00000-of-00001.parquet"));
    assertEquals("{\"id\":\"x\",\"tags\":[]}", c.rows().get(0).toString());
    assertFalse(files(tmp).stream().anyMatch(p -> p.getFileName().toString().startsWith(".")));
  }

  @Test
  void write_requiredColumnMissing_refused() throws Exception {
    try (ParquetShards<JsonNode> s =
        ParquetShards.ofTrees(
            tmp, "train", SCHEMA, Map.of(), Set.of(), ParquetShards.Layout.DEFAULT)) {
      assertThrows(
          IllegalArgumentException.class, () -> s.write(JSON.createObjectNode().put("text", "t")));
    }
  }
}
