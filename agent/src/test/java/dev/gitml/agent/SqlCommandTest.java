package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gitml sql on real data: the yargs history fixture, a commit of hello.sh made while the Claude
 * Code fixture session wrote it and its revert, the fixture sessions of three assistants. Runs each
 * example of the README's {@code gitml sql} section and compares the output.
 */
class SqlCommandTest {
  @TempDir Path tmp;
  GitRepoFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    Path fixtures = tmp.resolve("fixtures");
    Path history = Fixtures.copy(Fixtures.HISTORY, fixtures);
    Path hello = Fixtures.copy(Fixtures.CLAUDE_CODE + "/hello-world.jsonl", fixtures);
    Path claude =
        Fixtures.copy(
            Fixtures.CLAUDE_CODE + "/8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl", fixtures);
    // its subagents' transcripts, beside it
    Fixtures.copy(Fixtures.CLAUDE_CODE + "/8463c716-a2ea-4c14-9efa-87158ebd9f20", fixtures);
    Path codex = Fixtures.copy(Fixtures.CODEX_SESSIONS, fixtures);
    Path gemini = Fixtures.copy(Fixtures.GEMINI_TMP, fixtures);
    fx = new GitRepoFixture(tmp);
    fx.git("config", "user.name", "Ana Lima"); // the README's hashes
    fx.git("config", "user.email", "ana@example.com");
    fx.gitml("init", "--no-hooks", "--no-backfill");
    assertEquals(0, fx.gitml("migrate", "--from", history.toString()).exit());
    Files.writeString(fx.repo.resolve("hello.sh"), "#!/bin/bash\necho \"Hello world\"\n");
    fx.git("add", "hello.sh");
    fx.git(at("2026-01-21T06:20:50Z"), "commit", "-q", "-m", "Add hello.sh");
    fx.git(at("2026-01-22T09:00:00Z"), "revert", "--no-edit", "HEAD");
    fx.gitml("backfill");
    assertEquals(0, fx.gitml("sessions", "import", "--path", hello.toString()).exit());
    assertEquals(0, fx.gitml("sessions", "import", "--codex", "--path", codex.toString()).exit());
    assertEquals(0, fx.gitml("sessions", "import", "--path", claude.toString()).exit());
    assertEquals(0, fx.gitml("sessions", "import", "--gemini", "--path", gemini.toString()).exit());
  }

  private static Map<String, String> at(String time) {
    return Map.of("GIT_AUTHOR_DATE", time, "GIT_COMMITTER_DATE", time);
  }

  /** An example of the README: the command's arguments and what it prints. */
  private record Example(List<String> args, String output) {}

  private static List<Example> readmeExamples() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int from = readme.indexOf("### `gitml sql ");
    int next = readme.indexOf("\n### ", from + 1);
    int part = readme.indexOf("\n## ", from);
    String section = readme.substring(from, next < 0 || part < next ? part : next);
    List<Example> out = new ArrayList<>();
    for (String block : section.split("```console\n")) {
      if (!block.startsWith("$ ")) {
        continue;
      }
      block = block.substring(0, block.indexOf("```"));
      for (String command : block.split("(?m)^\\$ ")) {
        if (command.isEmpty()) {
          continue;
        }
        int eol = command.indexOf('\n');
        String line = command.substring(0, eol);
        int open = line.indexOf('"');
        int close = line.lastIndexOf('"');
        List<String> args = new ArrayList<>(List.of("sql", line.substring(open + 1, close)));
        String rest = line.substring(close + 1).strip();
        if (!rest.isEmpty()) {
          args.addAll(List.of(rest.split(" ")));
        }
        out.add(new Example(args, command.substring(eol + 1)));
      }
    }
    return out;
  }

  @Test
  void sql_eachReadmeExample_theOutputTheReadmeShows() throws Exception {
    List<Example> examples = readmeExamples();
    assertTrue(examples.size() >= 5, examples.toString());

    for (Example e : examples) {
      CliRun r = fx.gitml(e.args().toArray(String[]::new));
      if (e.output().startsWith("gitml: ")) {
        assertEquals(1, r.exit(), e.args().toString());
        assertEquals(e.output(), r.err(), e.args().toString());
      } else {
        assertEquals(0, r.exit(), e.args() + ": " + r.err());
        assertEquals(e.output(), r.out(), e.args().toString());
      }
    }
  }

  @Test
  void sql_writesPragmasAndAttach_refusedWithOneLineAndNothingChanged() throws Exception {
    String before = fx.gitml("sql", "SELECT count(*) FROM commits", "--format", "csv").out();
    for (String q :
        List.of(
            "DELETE FROM commits",
            "UPDATE chats SET query = 'x'",
            "INSERT INTO links (kind) VALUES ('x') RETURNING kind",
            "DROP TABLE commits",
            "CREATE TABLE t AS SELECT 1",
            "CREATE TEMP TABLE t (x)",
            "ATTACH 'other.db' AS o",
            "PRAGMA query_only = 0",
            "BEGIN IMMEDIATE",
            "VACUUM")) {
      CliRun r = fx.gitml("sql", q);
      assertEquals(1, r.exit(), q);
      assertEquals(1, r.err().lines().count(), q + ": " + r.err());
      assertTrue(r.err().startsWith("gitml: "), r.err());
      CliRun json = fx.gitml("sql", q, "--format", "json");
      assertEquals("", json.out(), q + ": a refusal prints no JSON that looks whole");
    }
    assertEquals(before, fx.gitml("sql", "SELECT count(*) FROM commits", "--format", "csv").out());
    assertFalse(Files.exists(fx.repo.resolve("other.db")));
  }

  @Test
  void sql_badSqlOrFormat_oneLineError() {
    CliRun bad = fx.gitml("sql", "SELECT nope FROM commits");
    CliRun format = fx.gitml("sql", "SELECT 1", "--format", "xml");

    assertEquals(1, bad.exit());
    assertEquals("gitml: SQL: no such column: nope\n", bad.err());
    assertEquals(2, format.exit());
    assertTrue(format.err().contains("--format xml"), format.err());
  }

  @Test
  void sql_storeChangedSince_tablesRebuiltWithTheNewRecords() throws Exception {
    String q = "SELECT count(*) AS n FROM commits WHERE message LIKE 'feat: one%'";
    assertEquals("n\n0\n", fx.gitml("sql", q, "--format", "csv").out());

    fx.commit("src/one.js", "1\n", "feat: one");
    fx.gitml("backfill");

    assertEquals("n\n1\n", fx.gitml("sql", q, "--format", "csv").out());
    assertTrue(Files.isRegularFile(fx.repo.resolve(".git-ml/local/query.sqlite")));
  }

  @Test
  void sqlTable_moreRowsThanMeasured_laterRowsStreamedInTheMeasuredWidths() throws Exception {
    String q =
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)"
            + " SELECT CASE WHEN i > 1000 THEN 'long ' || i ELSE 'v' END AS a, i AS b FROM n";

    CliRun table = fx.gitml("sql", q);

    List<String> lines = table.out().lines().toList();
    assertEquals(0, table.exit(), table.err());
    assertEquals(List.of("a  b", "-  ----", "v  1"), lines.subList(0, 3));
    assertEquals("long 1500  1500", lines.get(lines.size() - 2));
    assertEquals("(1500 rows)", lines.get(lines.size() - 1));
    assertEquals(1503, lines.size());
  }
}
