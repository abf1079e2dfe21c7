package dev.gitml.collector.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.parquet.ParquetRows;
import dev.gitml.collector.parquet.ParquetShards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
