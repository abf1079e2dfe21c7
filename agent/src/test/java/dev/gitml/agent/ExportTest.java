package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.gitml.storage.Fixtures;
import dev.gitml.storage.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gitml export on real data: a migrated history (the repository's 120 yargs commits; all 1,865
 * where the shared data is present, for one test), captured commits, an imported session.
 */
class ExportTest {
  @TempDir Path tmp;
  GitRepoFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    setUp(tmp, Fixtures.copy(Fixtures.HISTORY, tmp.resolve("fixtures")));
  }

  private void setUp(Path dir, Path history) throws Exception {
    fx = ExportRepo.create(dir, history);
  }

  private List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(file)) {
      out.add(GitRepoFixture.JSON.readTree(l));
    }
    return out;
  }

  @Test
  void export_outDashJsonl_examplesOnStandardOutputNoFileNamedDash() throws Exception {
    Path file = tmp.resolve("all.jsonl");
    fx.gitml("export", "--format", "jsonl", "--out", file.toString());

    CliRun r = fx.gitml("export", "--format", "jsonl", "--out", "-");

    assertEquals(0, r.exit(), r.err());
    assertEquals(Files.readString(file), r.out());
    assertTrue(r.err().startsWith("exported "), r.err());
    assertFalse(Files.exists(fx.repo.resolve("-")));
    try (Stream<Path> s = Files.list(fx.repo.resolve(".git-ml/exports"))) {
      assertEquals(List.of(), s.toList(), "the temporary file is gone");
    }
  }

  @Test
  void export_outDashDirectoryFormat_refusedWithoutWriting() {
    CliRun r = fx.gitml("export", "--format", "hf", "--out", "-");

    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().startsWith("gitml: --out -: standard output takes jsonl or csv"), r.err());
    assertFalse(Files.exists(fx.repo.resolve("-")));
  }

  @Test
  void jsonl_allTasks_examplesWithSplitsNewestCommitsInTestAndByteIdenticalTwice()
      throws Exception {
    jsonl_allTasks(100);
  }

  @Test
  void jsonl_allTasksOnTheWholeSharedHistory_examplesWithSplitsNewestCommitsInTest()
      throws Exception {
    Path history = SharedData.require("datasets/history/yargs.commits.jsonl");
    setUp(Files.createDirectories(tmp.resolve("whole")), history);

    jsonl_allTasks(1500);
  }

  private void jsonl_allTasks(int fileExamples) throws Exception {
    Path a = tmp.resolve("a.jsonl");
    Path b = tmp.resolve("b.jsonl");
    CliRun r = fx.gitml("export", "--format", "jsonl", "--out", a.toString());
    fx.gitml("export", "--format", "jsonl", "--out", b.toString());

    assertEquals(0, r.exit(), r.err());
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    List<JsonNode> all = lines(a);
    JsonNode chat =
        all.stream().filter(e -> e.get("type").asText().equals("chat")).findFirst().orElseThrow();
    assertTrue(chat.get("input").asText().startsWith("Write a shell script"));
    assertEquals("[\"Write\",\"Bash\"]", chat.at("/context/tools_used").toString());
    JsonNode message =
        all.stream()
            .filter(
                e ->
                    e.get("type").asText().equals("commit-message")
                        && e.get("output").asText().equals("fix: log two instead"))
            .findFirst()
            .orElseThrow();
    assertTrue(message.get("input").asText().contains("+console.log('two')"));
    List<JsonNode> files =
        all.stream().filter(e -> e.get("type").asText().equals("file-prediction")).toList();
    assertTrue(files.size() > fileExamples, "file-prediction examples: " + files.size());
    String newestTrain =
        files.stream()
            .filter(e -> e.get("split").asText().equals("train"))
            .map(e -> e.get("timestamp").asText())
            .max(String::compareTo)
            .orElseThrow();
    String oldestTest =
        files.stream()
            .filter(e -> e.get("split").asText().equals("test"))
            .map(e -> e.get("timestamp").asText())
            .min(String::compareTo)
            .orElseThrow();
    assertTrue(
        java.time.OffsetDateTime.parse(newestTrain)
            .isBefore(java.time.OffsetDateTime.parse(oldestTest)),
        newestTrain + " / " + oldestTest);
    assertTrue(r.out().startsWith("exported " + all.size() + " examples"), r.out());
  }

  @Test
  void export_existingOut_refusedUnlessForce() throws Exception {
    Path out = tmp.resolve("out.jsonl");
    fx.gitml("export", "--format", "jsonl", "--task", "commit-message", "--out", out.toString());

    CliRun refused =
        fx.gitml("export", "--format", "jsonl", "--task", "chat", "--out", out.toString());
    CliRun forced =
        fx.gitml(
            "export", "--format", "jsonl", "--task", "chat", "--out", out.toString(), "--force");

    assertEquals(1, refused.exit());
    assertTrue(refused.err().contains("exists (--force replaces it)"), refused.err());
    assertEquals(0, forced.exit(), forced.err());
    assertEquals(1, lines(out).size());
  }

  @Test
  void export_forceOverEachFormatsPreviousExport_replaced() throws Exception {
    for (String format : List.of("jsonl", "csv", "hf", "chat-jsonl")) {
      Path out = tmp.resolve("again-" + format);
      assertEquals(
          0,
          fx.gitml("export", "--format", format, "--task", "all", "--out", out.toString()).exit(),
          format);

      CliRun forced =
          fx.gitml(
              "export", "--format", format, "--task", "chat", "--out", out.toString(), "--force");

      assertEquals(0, forced.exit(), format + ": " + forced.err());
      assertTrue(forced.out().startsWith("exported 1 examples"), forced.out());
    }
  }

  @Test
  void export_forceOverAFileGitmlDidNotWrite_refusedAndFileKept() throws Exception {
    Path out = tmp.resolve("notes.jsonl");
    Files.writeString(out, "{\"mine\": true}\n");

    CliRun r =
        fx.gitml(
            "export", "--format", "jsonl", "--task", "chat", "--out", out.toString(), "--force");

    assertRefused(r, "not an export of gitml's");
    assertEquals("{\"mine\": true}\n", Files.readString(out));
  }

  @Test
  void export_forceOutIsTheWorkTree_refusedAndRepositoryIntact() throws Exception {
    Files.writeString(fx.repo.resolve("draft.txt"), "not committed yet\n");

    CliRun r = fx.gitml("export", "--format", "hf", "--out", ".", "--force");

    assertRefused(r, "work tree");
    assertRepositoryIntact();
    assertFalse(Files.exists(fx.repo.resolve("README.md")));
  }

  @Test
  void export_forceOutIsAParentOfTheRepository_refusedAndRepositoryIntact() throws Exception {
    Files.writeString(fx.repo.resolve("draft.txt"), "not committed yet\n");

    CliRun r = fx.gitml("export", "--format", "jsonl", "--out", tmp.toString(), "--force");

    assertRefused(r, "work tree");
    assertRepositoryIntact();
  }

  @Test
  void export_forceOutIsTheDataDirectory_refusedAndDataKept() throws Exception {
    CliRun r = fx.gitml("export", "--format", "hf", "--out", ".git-ml", "--force");

    assertRefused(r, "data directory");
    assertTrue(Files.isRegularFile(fx.repo.resolve(".git-ml/config.json")));
  }

  @Test
  void export_forceOutIsAStream_refusedAndStreamKept() throws Exception {
    Path stream = fx.repo.resolve(".git-ml/local/commits-full");
    List<String> before = listing(stream);

    CliRun r =
        fx.gitml(
            "export", "--format", "chat-jsonl", "--out", ".git-ml/local/commits-full", "--force");

    assertRefused(r, "data directory");
    assertEquals(before, listing(stream));
    assertEquals(0, fx.gitml("chunks", "verify").exit());
  }

  @Test
  void export_outInsideTheGitDirectory_refused() throws Exception {
    CliRun r = fx.gitml("export", "--format", "jsonl", "--out", ".git/data.jsonl");

    assertRefused(r, "git directory");
    assertFalse(Files.exists(fx.repo.resolve(".git/data.jsonl")));
  }

  @Test
  void export_outUnderDataDirectoryExports_written() throws Exception {
    CliRun r =
        fx.gitml("export", "--format", "hf", "--task", "chat", "--out", ".git-ml/exports/mine");

    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.isRegularFile(fx.repo.resolve(".git-ml/exports/mine/README.md")));
  }

  @Test
  void export_forceOverAnExportHoldingAFileGitmlDidNotWrite_refusedAndFileKept() throws Exception {
    Path out = tmp.resolve("ds");
    fx.gitml("export", "--format", "hf", "--task", "chat", "--out", out.toString());
    Files.writeString(out.resolve("notes.md"), "my notes\n");

    CliRun r =
        fx.gitml("export", "--format", "hf", "--task", "chat", "--out", out.toString(), "--force");

    assertRefused(r, "notes.md");
    assertEquals("my notes\n", Files.readString(out.resolve("notes.md")));
  }

  @Test
  void export_forceOverASymlinkToADirectory_refusedAndTargetKept() throws Exception {
    Path target = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.writeString(target.resolve("keep.txt"), "keep\n");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), target);

    CliRun r = fx.gitml("export", "--format", "hf", "--out", link.toString(), "--force");

    assertRefused(r, "symbolic link");
    assertEquals("keep\n", Files.readString(target.resolve("keep.txt")));
    assertTrue(Files.isSymbolicLink(link));
  }

  @Test
  void export_eachFormat_ownerOnlyFilesAndDirectories() throws Exception {
    for (String format : List.of("jsonl", "csv", "hf", "chat-jsonl")) {
      Path out = tmp.resolve("private-" + format);

      assertEquals(0, fx.gitml("export", "--format", format, "--out", out.toString()).exit());

      try (Stream<Path> s = Files.walk(out)) {
        for (Path p : s.toList()) {
          String want = Files.isDirectory(p) ? "rwx------" : "rw-------";
          assertEquals(
              want,
              PosixFilePermissions.toString(Files.getPosixFilePermissions(p)),
              tmp.relativize(p).toString());
        }
      }
    }
  }

  private static void assertRefused(CliRun r, String why) {
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains(why), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.out().contains("exported"), r.out());
  }

  private void assertRepositoryIntact() throws Exception {
    assertTrue(Files.isDirectory(fx.repo.resolve(".git")));
    assertEquals("not committed yet\n", Files.readString(fx.repo.resolve("draft.txt")));
    assertEquals("console.log('two')\n", Files.readString(fx.repo.resolve("src/app.js")));
    assertTrue(Files.isRegularFile(fx.repo.resolve(".git-ml/config.json")));
    assertTrue(fx.git("status", "--porcelain").contains("draft.txt"));
  }

  private static List<String> listing(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> dir.relativize(p) + " " + p.toFile().length()).sorted().toList();
    }
  }

  @Test
  void csv_longFieldsCutAndParsedBackByACsvReader() throws Exception {
    Path out = tmp.resolve("data.csv");
    CliRun r = fx.gitml("export", "--format", "csv", "--task", "all", "--out", out.toString());

    assertEquals(0, r.exit(), r.err());
    try (MappingIterator<Map<String, String>> it =
        new CsvMapper()
            .readerFor(Map.class)
            .with(CsvSchema.emptySchema().withHeader())
            .readValues(out.toFile())) {
      List<Map<String, String>> rows = it.readAll();
      assertTrue(rows.size() > 100, "rows: " + rows.size());
      for (Map<String, String> row : rows) {
        int max = row.get("type").equals("chat") ? 2_001 : 1_001;
        assertTrue(row.get("output").length() <= max);
      }
    }
  }

  @Test
  void hf_directoryWithConfigsPerTaskAndSplitFiles() throws Exception {
    Path out = tmp.resolve("ds");
    CliRun r = fx.gitml("export", "--format", "hf", "--out", out.toString());

    assertEquals(0, r.exit(), r.err());
    String card = Files.readString(out.resolve("README.md"));
    assertTrue(card.startsWith("---\nconfigs:\n- config_name: chat\n  default: true\n"), card);
    for (String task : List.of("chat", "commit-message", "file-prediction")) {
      for (String split : List.of("train", "validation", "test")) {
        // a split is listed exactly when it has examples (`datasets` refuses an empty one)
        Path file = out.resolve("data/" + task + "/" + split + ".jsonl");
        boolean listed = card.contains("path: data/" + task + "/" + split + ".jsonl");
        assertEquals(listed, Files.exists(file), task + "/" + split);
        assertTrue(!listed || Files.size(file) > 0, task + "/" + split);
      }
    }
    assertTrue(card.contains("path: data/file-prediction/test.jsonl"), card);
    assertTrue(lines(out.resolve("data/file-prediction/train.jsonl")).size() > 50);
  }

  @Test
  void chatJsonl_ratedChatsOnly_messagesForm() throws Exception {
    String id = fx.gitml("feedback", "--list").out().split("\\s+")[0];
    fx.gitml("feedback", "--chat-id", id, "--rating", "good");
    Path out = tmp.resolve("chat");

    CliRun r =
        fx.gitml(
            "export",
            "--format",
            "chat-jsonl",
            "--task",
            "chat",
            "--min-rating",
            "good",
            "--out",
            out.toString());

    assertEquals(0, r.exit(), r.err());
    List<JsonNode> all = new ArrayList<>();
    for (String split : List.of("train", "validation", "test")) {
      all.addAll(lines(out.resolve(split + ".jsonl")));
    }
    assertEquals(1, all.size());
    assertEquals("user", all.get(0).at("/messages/0/role").asText());
    assertEquals("assistant", all.get(0).at("/messages/1/role").asText());
  }
}
