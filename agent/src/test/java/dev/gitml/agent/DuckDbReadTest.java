package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Parquet export read back by DuckDB, an engine users run (issue 19: "loadable as is by DuckDB,
 * Spark, Polars, pandas and datasets"): {@code read_parquet} over each task's files, as a user
 * would query them, gives the JSONL export's rows with typed columns (timestamps as timestamps,
 * lists as lists, messages as lists of structs). Skipped where DuckDB's native library does not
 * load.
 */
class DuckDbReadTest {
  @TempDir Path tmp;
  GitRepoFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = ExportRepo.create(tmp);
  }

  @Test
  void readParquet_exampleTasks_jsonlRowsWithTypedColumns() throws Exception {
    Path jsonl = tmp.resolve("all.jsonl");
    Path out = tmp.resolve("pq");
    assertEquals(0, fx.gitml("export", "--format", "jsonl", "--out", jsonl.toString()).exit());
    CliRun r = fx.gitml("export", "--format", "parquet", "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    // an example's type is its task's id, the directory its files are in
    Map<String, List<String>> expected = new TreeMap<>();
    for (String line : Files.readAllLines(jsonl)) {
      JsonNode e = GitRepoFixture.JSON.readTree(line);
      JsonNode c = e.get("context");
      expected
          .computeIfAbsent(
              e.get("type").asText() + "/" + e.get("split").asText(), k -> new ArrayList<>())
          .add(
              row(
                  e.get("type").asText(),
                  OffsetDateTime.parse(e.get("timestamp").asText()).toInstant().toEpochMilli(),
                  e.get("input").asText(),
                  e.get("output").asText(),
                  texts(c.get("files")),
                  texts(c.get("tools_used")),
                  c.hasNonNull("reverted") ? c.get("reverted").asBoolean() : null,
                  c.hasNonNull("ci_result") ? c.get("ci_result").asText() : null));
    }

    Map<String, List<String>> actual = new TreeMap<>();
    try (DuckDBConnection db = duckDb();
        Statement st = db.createStatement()) {
      for (Path dir : taskDirs(out)) {
        String files = glob(dir);
        Map<String, String> columns = columns(st, files);
        assertEquals(
            List.of("type", "timestamp", "input", "output", "context", "repo"),
            List.copyOf(columns.keySet()),
            dir.toString());
        assertEquals("TIMESTAMP WITH TIME ZONE", columns.get("timestamp"));
        assertEquals(
            "STRUCT(files VARCHAR[], tools_used VARCHAR[], reverted BOOLEAN, ci_result VARCHAR)",
            columns.get("context"));
        assertEquals("VARCHAR", columns.get("input"));
        try (ResultSet rs =
            st.executeQuery(
                "SELECT regexp_extract(filename, '([a-z]+)-[0-9]{5}-of-[0-9]{5}\\.parquet$', 1),"
                    + " type, epoch_ms(timestamp), input, output, context.files,"
                    + " context.tools_used, context.reverted, context.ci_result"
                    + " FROM read_parquet("
                    + files
                    + ", filename = true, file_row_number = true)"
                    + " ORDER BY filename, file_row_number")) {
          while (rs.next()) {
            Object reverted = rs.getObject(8);
            actual
                .computeIfAbsent(dir.getFileName() + "/" + rs.getString(1), k -> new ArrayList<>())
                .add(
                    row(
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5),
                        texts(rs.getArray(6)),
                        texts(rs.getArray(7)),
                        reverted == null ? null : (Boolean) reverted,
                        rs.getString(9)));
          }
        }
      }
    }
    assertTrue(expected.keySet().containsAll(List.of("chat/train", "commit-message/test")));
    assertEquals(expected, actual);
  }

  @Test
  void readParquet_trajectoryTask_messagesAsStructListsWithTheJsonlCalls() throws Exception {
    Path jsonl = tmp.resolve("trajectories.jsonl");
    Path out = tmp.resolve("pq-trajectory");
    assertEquals(
        0,
        fx.gitml("export", "--task", "trajectory", "--format", "jsonl", "--out", jsonl.toString())
            .exit());
    CliRun r =
        fx.gitml("export", "--task", "trajectory", "--format", "parquet", "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    Map<String, String> expected = new TreeMap<>();
    for (String line : Files.readAllLines(jsonl)) {
      JsonNode t = GitRepoFixture.JSON.readTree(line);
      List<String> roles = new ArrayList<>();
      List<String> calls = new ArrayList<>();
      for (JsonNode m : t.get("messages")) {
        roles.add(m.get("role").asText());
        for (JsonNode c : m.path("tool_calls")) {
          calls.add(
              c.get("id").asText()
                  + " "
                  + c.at("/function/name").asText()
                  + " "
                  + c.at("/function/arguments").asText());
        }
      }
      expected.put(t.at("/metadata/chat_id").asText(), roles + " " + calls);
    }

    Map<String, String> actual = new TreeMap<>();
    try (DuckDBConnection db = duckDb();
        Statement st = db.createStatement()) {
      String files = glob(out.resolve("data/trajectory"));
      Map<String, String> columns = columns(st, files);
      assertEquals(List.of("messages", "tools", "metadata", "repo"), List.copyOf(columns.keySet()));
      String messages = columns.get("messages");
      assertTrue(
          messages.startsWith("STRUCT(\"role\" VARCHAR, \"content\" VARCHAR, tool_calls STRUCT(")
              || messages.startsWith("STRUCT(role VARCHAR, content VARCHAR, tool_calls STRUCT("),
          messages);
      assertTrue(messages.endsWith(", tool_call_id VARCHAR)[]"), messages);
      try (ResultSet rs =
          st.executeQuery(
              "SELECT metadata.chat_id, list_transform(messages, m -> m.role),"
                  + " flatten(list_transform(messages, m -> list_transform(coalesce(m.tool_calls,"
                  + " []), c -> c.id || ' ' || c.function.name || ' ' || c.function.arguments)))"
                  + " FROM read_parquet("
                  + files
                  + ")")) {
        while (rs.next()) {
          actual.put(rs.getString(1), texts(rs.getArray(2)) + " " + texts(rs.getArray(3)));
        }
      }
    }
    assertFalse(expected.isEmpty());
    assertEquals(expected, actual);
  }

  /** An in-memory DuckDB, or the test skipped where its native library does not load here. */
  private static DuckDBConnection duckDb() throws SQLException {
    try {
      return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    } catch (UnsatisfiedLinkError | SQLException e) {
      assumeTrue(false, "DuckDB's native library does not load on this machine: " + e);
      throw e;
    }
  }

  /** Column names and DuckDB types of what {@code read_parquet(files)} reads, in order. */
  private static Map<String, String> columns(Statement st, String files) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + files + ")")) {
      while (rs.next()) {
        out.put(rs.getString("column_name"), rs.getString("column_type"));
      }
    }
    return out;
  }

  /** A SQL literal: every Parquet file of a task, as a user globs them. */
  private static String glob(Path dir) {
    return "'" + dir.resolve("*.parquet").toString().replace("'", "''") + "'";
  }

  private static List<Path> taskDirs(Path out) throws Exception {
    try (Stream<Path> s = Files.list(out.resolve("data"))) {
      return s.sorted().toList();
    }
  }

  private static String row(
      String type,
      long millis,
      String input,
      String output,
      List<String> files,
      List<String> tools,
      Boolean reverted,
      String ci) {
    return String.join(
        "\u0001",
        type,
        Long.toString(millis),
        input,
        output,
        String.valueOf(files),
        String.valueOf(tools),
        String.valueOf(reverted),
        String.valueOf(ci));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static List<String> texts(Array array) throws SQLException {
    return array == null
        ? null
        : Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
  }
}
