package dev.gitml.storage.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.DataDir;
import dev.gitml.storage.Fixtures;
import dev.gitml.storage.SharedData;
import dev.gitml.storage.Store;
import dev.gitml.storage.StoreException;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each test on the Python collector's data runs on the repository's small cut of it ("fixture") and
 * on the whole of it where the shared data is present ("shared").
 */
class MigrationTest {
  @TempDir Path tmp;

  /** The Python collector's data directory: the repository's cut or the shared whole. */
  private Path python(String source) {
    return source.equals("fixture")
        ? Fixtures.copy(Fixtures.PYTHON_GIT_ML, tmp.resolve("in"))
        : SharedData.require("fixtures/python-git-ml");
  }

  /** A commit history in the datasets' format: the repository's 120 commits or all of yargs. */
  private Path history(String source) {
    return source.equals("fixture")
        ? Fixtures.copy(Fixtures.HISTORY, tmp.resolve("in"))
        : SharedData.require("datasets/history/yargs.commits.jsonl");
  }

  private Store store() throws Exception {
    DataDir dir = new DataDir(tmp.resolve("repo/.git-ml"));
    dir.initialize();
    return Store.open(dir);
  }

  private static <T extends dev.gitml.storage.record.RecordData> List<T> all(
      Store store, RecordType type, Class<T> as) throws Exception {
    List<T> out = new ArrayList<>();
    store.scan(type, r -> out.add(r.as(as)));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fixture", "shared"})
  void run_pythonDataDirectory_importsEveryFileWithoutSkips(String source) throws Exception {
    Path fixture = python(source);
    boolean whole = source.equals("shared");
    long commits = whole ? 300 : 15;
    long chunked = whole ? 17 : 3;
    try (Store store = store()) {
      MigrationReport report = Migration.run(store, fixture);

      assertEquals(0, report.skipped(), report.sources().toString());
      Map<String, Long> read = new java.util.LinkedHashMap<>();
      report.sources().forEach(s -> read.put(s.name(), s.read()));
      assertEquals(
          Map.of(
              "tracked/commits.jsonl",
              commits,
              "tracked/sessions.jsonl",
              whole ? 100L : 4L,
              "tracked/orchestration.jsonl",
              3L,
              "tracked/chunked/chats-migratio.jsonl",
              chunked,
              "commits/",
              3L,
              "chats/",
              6L,
              "sessions/",
              2L,
              "actions/",
              5L),
          read);
      var stats = store.stats();
      assertEquals(commits, stats.get("commits").keys());
      assertEquals(3, stats.get("commits-full").records());
      assertEquals(chunked + 6, stats.get("chats").records());
      assertEquals(5, stats.get("actions").records());
      assertTrue(stats.get("links").records() > 0);
      assertTrue(store.verify().sound());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fixture", "shared"})
  void run_twice_secondRunAddsNothing(String source) throws Exception {
    Path fixture = python(source);
    try (Store store = store()) {
      MigrationReport first = Migration.run(store, fixture);
      MigrationReport second = Migration.run(store, fixture);

      assertTrue(
          first.added() > (source.equals("shared") ? 400 : 40), "first run added " + first.added());
      assertEquals(0, second.added());
      // the Python data holds a few commits twice (once per branch): stored once, counted as
      // already stored in both runs
      assertEquals(first.added() + first.alreadyStored(), second.alreadyStored());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fixture", "shared"})
  void run_chunkLineWithCompressedQuery_storesTheInflatedText(String source) throws Exception {
    Path fixture = python(source);
    try (Store store = store()) {
      Migration.run(store, fixture);

      Chat chat =
          all(store, RecordType.CHAT, Chat.class).stream()
              .filter(c -> c.id().equals("chat-20251216-002034-bee1ae"))
              .findFirst()
              .orElseThrow();
      assertTrue(
          chat.query().startsWith("# Director Agent: Intelligent Task Orchestration"),
          chat.query().substring(0, 40));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fixture", "shared"})
  void run_fullCommitAndGitTimestamps_keepHunksAndTheAuthorsOffset(String source) throws Exception {
    Path fixture = python(source);
    try (Store store = store()) {
      Migration.run(store, fixture);

      CommitFull full =
          all(store, RecordType.COMMIT_FULL, CommitFull.class).stream()
              .filter(c -> c.hash().startsWith("9f5413fa"))
              .findFirst()
              .orElseThrow();
      assertEquals(1, full.hunks().size());
      assertEquals("corpus_dev/", full.hunks().get(0).function());
      assertEquals(4, full.hunks().get(0).linesAdded().size());
      Commit merge =
          all(store, RecordType.COMMIT, Commit.class).stream()
              .filter(c -> c.hash().startsWith("c8ec7f6c"))
              .findFirst()
              .orElseThrow();
      assertEquals("2025-12-27T10:38:55-05:00", merge.timestamp());
      assertTrue(merge.isMerge());
      Session s =
          all(store, RecordType.SESSION, Session.class).stream()
              .filter(x -> x.sessionId().equals("c7e7f25e"))
              .findFirst()
              .orElseThrow();
      assertEquals(6, s.chatIds().size());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fixture", "shared"})
  void run_historyDataset_importsEveryCommitOnce(String source) throws Exception {
    Path file = history(source);
    long lines = Files.lines(file).filter(l -> !l.isBlank()).count();
    try (Store store = store()) {
      MigrationReport first = Migration.run(store, file);
      MigrationReport second = Migration.run(store, file);

      assertEquals(lines, first.added());
      assertEquals(0, second.added());
      assertEquals(lines, store.stats().get("commits").keys());
    }
  }

  @Test
  void run_malformedLines_skipsThemWithReasonsAndImportsTheRest() throws Exception {
    Path file = tmp.resolve("commits.jsonl");
    Files.writeString(
        file,
        String.join(
                "\n",
                "{\"hash\":\""
                    + "a".repeat(40)
                    + "\",\"message\":\"ok\",\"timestamp\":\"2026-01-01T00:00:00Z\"}",
                "{not json",
                "{\"message\":\"no hash\"}",
                "[1,2]",
                "",
                "{\"hash\":\"" + "b".repeat(40) + "\",\"message\":\"ok too\"}")
            + "\n");
    try (Store store = store()) {
      MigrationReport report = Migration.run(store, file);

      assertEquals(2, report.added());
      assertEquals(3, report.skipped());
      List<String> reasons = report.sources().get(0).reasons();
      assertTrue(reasons.get(0).startsWith("line 2: not JSON"), reasons.get(0));
      assertEquals("line 3: no commit hash", reasons.get(1));
      assertEquals("line 4: not a JSON object", reasons.get(2));
    }
  }

  @Test
  void run_directoryThatIsNotPythonData_failsClearly() throws Exception {
    Files.createDirectories(tmp.resolve("empty"));
    try (Store store = store()) {
      StoreException e =
          assertThrows(StoreException.class, () -> Migration.run(store, tmp.resolve("empty")));
      assertTrue(e.getMessage().contains("is not a Python collector data directory"));
    }
  }

  @Test
  void run_pythonCommitWithCiResultAndRevert_becomesCiRecordAndRevertsLink() throws Exception {
    Path dir = Fixtures.copy(Fixtures.PYTHON_GIT_ML, tmp.resolve("in"));
    Path file;
    try (java.util.stream.Stream<Path> s = Files.list(dir.resolve("commits"))) {
      file = s.sorted().findFirst().orElseThrow();
    }
    com.fasterxml.jackson.databind.node.ObjectNode commit =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
    String hash = commit.get("hash").asText();
    commit.put("ci_result", "fail");
    commit
        .putObject("ci_details")
        .put("tests_passed", 40)
        .put("tests_failed", 2)
        .put("coverage", 81.5)
        .put("workflow", "CI")
        .put("job", "test")
        .put("run_id", "");
    commit.put("ci_updated_at", "2025-12-27T04:00:00.123456");
    commit.put("reverted", true);
    commit.put("reverted_by", "B".repeat(40));
    Files.writeString(file, commit.toString());

    try (Store store = store()) {
      Migration.run(store, dir);

      List<dev.gitml.storage.record.CiResult> ci =
          all(store, RecordType.CI, dev.gitml.storage.record.CiResult.class);
      assertEquals(1, ci.size());
      assertEquals(hash, ci.get(0).commit());
      assertEquals("fail", ci.get(0).result());
      assertEquals(2, ci.get(0).testsFailed());
      assertEquals(81.5, ci.get(0).coverage());
      assertEquals(null, ci.get(0).runId());
      assertEquals("2025-12-27T04:00:00.123456Z", ci.get(0).timestamp());
      List<Link> reverts =
          all(store, RecordType.LINK, Link.class).stream()
              .filter(l -> l.kind() == Link.Kind.REVERTS)
              .toList();
      assertEquals(1, reverts.size());
      assertEquals("b".repeat(40), reverts.get(0).from());
      assertEquals(hash, reverts.get(0).to());
    }
  }
}
