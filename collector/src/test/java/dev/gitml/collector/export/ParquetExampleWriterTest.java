package dev.gitml.collector.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.parquet.ParquetRows;
import dev.gitml.collector.parquet.ParquetShards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetExampleWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** A trajectory example as the trajectory task writes it (issue 19). */
  private static final String TRAJECTORY =
      """
      {"messages":[{"role":"user","content":"Write hello.sh"},
        {"role":"assistant","content":"Creating it.","tool_calls":[{"id":"toolu_1",
          "type":"function","function":{"name":"Write",
          "arguments":"{\\"file_path\\":\\"hello.sh\\"}"}}]},
        {"role":"tool","tool_call_id":"toolu_1","content":"File created"},
        {"role":"assistant","content":"Done."}],
       "tools":[{"type":"function","function":{"name":"Write",
          "parameters":"{\\"type\\":\\"object\\"}"}}],
       "metadata":{"assistant":"claude-code","model":"claude-opus-4-5","session_id":"s1",
          "chat_id":"c1","repo":"demo","commits":[{"hash":"3d70","message":"Add hello.sh",
          "diff":"--- hello.sh\\n+echo hi\\n"}],
          "outcome":{"committed":true,"reverted":false,"ci_passed":true,"rating":5}}}
      """;

  @Test
  void write_trajectoryTreeUnderARepository_hivePartitionAndTheSameTreeBack() throws Exception {
    ObjectNode row = (ObjectNode) JSON.readTree(TRAJECTORY);
    try (ParquetExampleWriter w = new ParquetExampleWriter(tmp, ParquetShards.Layout.DEFAULT)) {
      w.write("trajectory", "demo", Splits.TRAIN, row.deepCopy());
    }

    Path file = tmp.resolve("data/trajectory/repo=demo/train-00000-of-00001.parquet");
    assertTrue(Files.exists(file));
    ObjectNode back = ParquetRows.read(file).rows().get(0);
    row.put("repo", "demo");
    assertEquals(row, back);
  }

  @Test
  void write_tasksOneAfterAnother_eachTaskItsFilesAndNoneLeftOpen() throws Exception {
    Example chat =
        new Example(
            "chat", "2026-01-21T06:20:30.861Z", "q", "a", List.of("x.sh"), List.of("Bash"), "test");
    Example commit =
        new Example(
            "commit-message", "2026-01-21T07:15:00+01:00", "d", "m", List.of(), List.of(), "train");
    try (ParquetExampleWriter w = new ParquetExampleWriter(tmp, ParquetShards.Layout.DEFAULT)) {
      w.write(Task.CHAT, chat);
      w.write(Task.COMMIT_MESSAGE, commit);
    }

    ObjectNode c =
        ParquetRows.read(tmp.resolve("data/chat/test-00000-of-00001.parquet")).rows().get(0);
    assertEquals(
        "{\"type\":\"chat\",\"timestamp\":\"2026-01-21T06:20:30.861Z\",\"input\":\"q\","
            + "\"output\":\"a\",\"context\":{\"files\":[\"x.sh\"],\"tools_used\":[\"Bash\"]}}",
        c.toString());
    ObjectNode m =
        ParquetRows.read(tmp.resolve("data/commit-message/train-00000-of-00001.parquet"))
            .rows()
            .get(0);
    assertEquals("2026-01-21T06:15:00Z", m.get("timestamp").asText());
  }

  /** An example's JSON form as the JSONL export writes it, without its split. */
  private static ObjectNode tree(Example e) {
    ObjectNode o = JSON.createObjectNode();
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
    if (e.repo() != null) {
      o.put("repo", e.repo());
    }
    return o;
  }

  @Test
  void write_examplesFieldByField_theRowsTheirJsonTreesGive() throws Exception {
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      examples.add(
          new Example(
              "commit-message",
              i % 50 == 0 ? "not a time" : "2026-01-21T07:15:0" + i % 10 + "+01:00",
              i % 40 == 0 ? null : "diff " + i + " ü€😀",
              "message " + i,
              i % 2 == 0 ? List.of() : List.of("src/a" + i % 7 + ".js", "README.md"),
              List.of("Bash"),
              Splits.TRAIN,
              i % 3 == 0 ? null : i % 3 == 1,
              i % 5 == 0 ? "success" : null));
    }
    Path typed = tmp.resolve("typed");
    try (ParquetExampleWriter w = new ParquetExampleWriter(typed, ParquetShards.Layout.DEFAULT)) {
      for (Example e : examples) {
        w.write(Task.COMMIT_MESSAGE, e);
      }
    }
    Path trees = tmp.resolve("trees");
    try (ParquetShards<JsonNode> s =
        ParquetShards.ofTrees(
            trees,
            Splits.TRAIN,
            ParquetSchemas.EXAMPLE,
            Map.of(),
            Set.of(),
            ParquetShards.Layout.DEFAULT)) {
      for (Example e : examples) {
        s.write(tree(e));
      }
    }

    ParquetRows.Contents a =
        ParquetRows.read(typed.resolve("data/commit-message/train-00000-of-00001.parquet"));
    ParquetRows.Contents b = ParquetRows.read(trees.resolve("train-00000-of-00001.parquet"));
    assertEquals(ParquetSchemas.EXAMPLE, a.schema());
    assertEquals(3_000, a.rows().size());
    assertEquals(b.rows(), a.rows());
    ObjectNode first = a.rows().get(0); // no timestamp that parses, no input, no signal
    assertEquals(
        "{\"type\":\"commit-message\",\"output\":\"message 0\",\"context\":{\"files\":[],"
            + "\"tools_used\":[\"Bash\"],\"ci_result\":\"success\"}}",
        first.toString());
    assertTrue(a.rows().get(1).at("/context/reverted").asBoolean());
  }

  @Test
  void write_examplesOfManyRepositories_eachInItsPartitionWithItsRepoColumn() throws Exception {
    Example e =
        new Example("chat", "2026-01-21T06:20:30.861Z", "q", "a", List.of(), List.of(), "train");
    try (ParquetExampleWriter w = new ParquetExampleWriter(tmp, ParquetShards.Layout.DEFAULT)) {
      w.write(Task.CHAT, e.in("api", Splits.TRAIN));
      w.write(Task.CHAT, e.in("web", Splits.TEST));
    }

    ObjectNode api =
        ParquetRows.read(tmp.resolve("data/chat/repo=api/train-00000-of-00001.parquet"))
            .rows()
            .get(0);
    ObjectNode web =
        ParquetRows.read(tmp.resolve("data/chat/repo=web/test-00000-of-00001.parquet"))
            .rows()
            .get(0);
    assertEquals("api", api.get("repo").asText());
    assertEquals("web", web.get("repo").asText());
  }
}
