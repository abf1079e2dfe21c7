package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitml.storage.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  Path repo;

  @BeforeEach
  void makeRepository() throws Exception {
    repo = tmp.resolve("my repo 'quoted'");
    Files.createDirectories(repo);
    Git.init().setDirectory(repo.toFile()).call().close();
  }

  private CliRun gitml(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "-C";
    all[1] = repo.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return CliRun.of(all);
  }

  /** A copy of one of the repository's fixtures (the 120-commit history, the Python data). */
  private Path fixture(String relative) {
    return Fixtures.copy(relative, tmp.resolve("fixtures"));
  }

  @Test
  void init_gitRepository_createsConfigAndGitignore() throws Exception {
    CliRun r = gitml("init", "--no-hooks", "--no-backfill");

    assertEquals(0, r.exit(), r.err());
    JsonNode config = JSON.readTree(repo.resolve(".git-ml/config.json").toFile());
    assertEquals("tracked", config.at("/streams/commits").asText());
    assertEquals("local", config.at("/streams/commits-full").asText());
    assertEquals("data: ML", config.at("/ml_commit_prefixes/0").asText());
    assertEquals(500, config.at("/milestones/file_prediction/commits").asInt());
    String ignore = Files.readString(repo.resolve(".git-ml/.gitignore"));
    assertTrue(ignore.lines().anyMatch("*"::equals), "everything, itself included: " + ignore);
    assertEquals(0, gitml("init", "--no-hooks", "--no-backfill").exit(), "idempotent");
  }

  @Test
  void init_outsideAnyRepository_exitsOneWithOneLine() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));

    CliRun r = CliRun.of("-C", plain.toString(), "init");

    assertEquals(1, r.exit());
    assertTrue(r.err().startsWith("gitml: not a git repository"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void stats_beforeInit_exitsOneWithHint() {
    CliRun r = gitml("stats");

    assertEquals(1, r.exit());
    assertTrue(r.err().contains("run `gitml init` first"), r.err());
    assertFalse(r.err().contains("at dev.gitml"), "no stack trace without --verbose");
  }

  @Test
  void help_onEverySubcommand_printsUsageExitsZero() {
    for (String command :
        List.of(
            "init",
            "backfill",
            "capture",
            "daemon",
            "status",
            "sync",
            "uninstall",
            "redact",
            "migrate",
            "stats")) {
      CliRun r = CliRun.of(command, "--help");
      assertEquals(0, r.exit(), command + ": " + r.err());
      assertTrue(r.out().startsWith("Usage: gitml " + command), r.out());
    }
  }

  @Test
  void help_root_listsEveryCommand() {
    CliRun r = CliRun.of("--help");
    assertEquals(0, r.exit(), r.err());
    for (Class<?> command : GitmlCommand.COMMANDS) {
      String name = command.getAnnotation(picocli.CommandLine.Command.class).name();
      assertTrue(
          java.util.regex.Pattern.compile("(?m)^  " + name + "[ ,]").matcher(r.out()).find(),
          name + " missing from: " + r.out());
    }
  }

  @Test
  void commandWord_afterRootOptions_namesTheCommand() {
    assertEquals("stats", Cli.commandWord(new String[] {"-C", "dir", "--verbose", "stats"}));
    assertEquals("chunks", Cli.commandWord(new String[] {"-Cdir", "chunks", "stats"}));
    assertEquals(null, Cli.commandWord(new String[] {"--help"}));
    assertEquals(null, Cli.commandWord(new String[] {"-C", "dir"}));
  }

  @Test
  void alias_andCommandAfterRootOptions_run() throws Exception {
    assertEquals(0, CliRun.of("quality-report", "--help").exit());
    assertEquals(0, CliRun.of("-C", repo.toString(), "--verbose", "stats", "--help").exit());
  }

  @Test
  void misspeltCommand_exitsTwoNamingTheCommandsNear() {
    CliRun r = CliRun.of("stat");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("stats"), r.err());
  }

  @Test
  void run_parserUsageErrors_oneGitmlLineAndAHintNoUsage() {
    CliRun missing = gitml("export", "--format", "jsonl");
    CliRun unknown = gitml("stats", "--frobnicate");
    CliRun misspelt = CliRun.of("stat");

    for (CliRun r : List.of(missing, unknown, misspelt)) {
      assertEquals(2, r.exit(), r.err());
      List<String> lines = r.err().lines().toList();
      assertEquals(2, lines.size(), r.err());
      assertTrue(lines.get(0).startsWith("gitml: "), r.err());
      assertFalse(r.err().contains("Usage:"), r.err());
    }
    assertTrue(missing.err().contains("--out"), missing.err());
    assertTrue(
        missing.err().endsWith("see gitml export --help" + System.lineSeparator()), missing.err());
    assertTrue(misspelt.err().contains("did you mean stats"), misspelt.err());
  }

  @Test
  void redact_missingFile_exitsOneAFailureNotBadUsage() {
    CliRun r = gitml("redact", "no-such-file");

    assertEquals(1, r.exit(), r.err());
    assertEquals("gitml: no-such-file: no such file", r.err().strip());
  }

  @Test
  void status_repositoryNotSetUp_saysToRunGitmlInit() throws Exception {
    CliRun inRepo = gitml("status");
    CliRun outside =
        CliRun.of(
            "-C", Files.createDirectories(tmp.resolve("plain")).toString(), "status", "--json");

    assertEquals(0, inRepo.exit(), inRepo.err());
    assertTrue(inRepo.out().startsWith("set up:       no, run gitml init here"), inRepo.out());
    assertFalse(JSON.readTree(outside.out()).get("set_up").asBoolean(), outside.out());
  }

  @Test
  void unknownOption_exitsTwo() {
    assertEquals(2, gitml("stats", "--frobnicate").exit());
    assertEquals(2, CliRun.of("-C", tmp.resolve("nope").toString(), "stats").exit());
  }

  @Test
  void migrateThenStatsJson_countsHaveTheDocumentedShape() throws Exception {
    Path fixture = fixture(Fixtures.PYTHON_GIT_ML);
    gitml("init", "--no-hooks", "--no-backfill");

    CliRun m = gitml("migrate", "--from", fixture.toString());
    CliRun s = gitml("stats", "--json");

    assertEquals(0, m.exit(), m.err());
    assertTrue(m.out().contains("tracked/commits.jsonl"), m.out());
    assertEquals(0, s.exit(), s.err());
    JsonNode stats = JSON.readTree(s.out());
    assertEquals(15, stats.get("commits").asInt());
    assertEquals(3, stats.get("commits_full").asInt());
    assertEquals(9, stats.get("chats").asInt());
    for (String k : List.of("sessions", "actions", "links", "feedback")) {
      assertTrue(stats.get(k).isNumber(), k);
    }
    JsonNode fp = stats.at("/milestones/file_prediction");
    assertEquals(15, fp.at("/commits/0").asInt());
    assertEquals(500, fp.at("/commits/1").asInt());
    assertFalse(fp.get("reached").asBoolean());

    CliRun again = gitml("migrate", "--from", fixture.toString());
    assertTrue(again.out().contains("imported 0 records"), again.out());
  }

  @Test
  void migrate_commitMessageWithSecret_storedRedactedAndSecondRunAddsNothing() throws Exception {
    gitml("init", "--no-hooks", "--no-backfill");
    String token = "ghp_R3aLlyN0tAT0k3nBuTL00ksL1k30ne123456"; // fake
    Path file = tmp.resolve("commits.jsonl");
    Files.writeString(
        file,
        "{\"hash\": \""
            + "a".repeat(40)
            + "\", \"message\": \"use token "
            + token
            + "\", \"author\": \"ana\", \"timestamp\": \"2026-11-02T10:14:03+01:00\","
            + " \"branch\": \"main\", \"files_changed\": [\"a.txt\"], \"insertions\": 1,"
            + " \"deletions\": 0}\n");

    CliRun m = gitml("migrate", "--from", file.toString());
    CliRun again = gitml("migrate", "--from", file.toString());
    CliRun dump = gitml("chunks", "reconstruct", "-o", "-");

    assertEquals(0, m.exit(), m.err());
    assertTrue(m.out().contains("redacted 1 secrets in 1 records: github-token 1"), m.out());
    assertTrue(again.out().contains("imported 0 records"), again.out());
    assertFalse(dump.out().contains(token), dump.out());
    assertTrue(dump.out().contains("use token [REDACTED:github-token]"), dump.out());
  }

  private void commitFile(String path, String content, String message) throws Exception {
    Files.writeString(repo.resolve(path), content);
    try (Git git = Git.open(repo.toFile())) {
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage(message)
          .setAuthor("Ana", "ana@example.org")
          .setCommitter("Ana", "ana@example.org")
          .call();
    }
  }

  @Test
  void initThenCapture_commitsStoredRedactedMlCommitsLeftOutNothingTwice() throws Exception {
    String token = "ghp_R3aLlyN0tAT0k3nBuTL00ksL1k30ne123456"; // fake
    commitFile("a.txt", "one\n", "first");
    commitFile("b.env", "GITHUB_TOKEN=" + token + "\n", "add env");
    Files.createDirectories(repo.resolve(".git-ml"));
    commitFile(".git-ml/note.txt", "x\n", "data: ML tracking data");

    CliRun init = gitml("init", "--no-hooks");
    commitFile("c.txt", "three\n", "third");
    CliRun capture = gitml("capture");
    CliRun again = gitml("capture", "HEAD~1");
    CliRun backfill = gitml("backfill");
    JsonNode stats = JSON.readTree(gitml("stats", "--json").out());
    CliRun dump = gitml("chunks", "reconstruct", "-o", "-");

    assertEquals(0, init.exit(), init.err());
    assertTrue(init.out().contains("backfilled 2 commits: 4 new records"), init.out());
    assertTrue(capture.out().contains("captured 1 commits: 2 new records"), capture.out());
    assertTrue(
        again.out().contains("captured 0 commits: 0 new records, 0 already stored, 1 ML"),
        again.out());
    assertTrue(backfill.out().contains("backfilled 0 commits"), backfill.out());
    assertEquals(3, stats.get("commits").asInt());
    assertEquals(3, stats.get("commits_full").asInt());
    assertFalse(dump.out().contains(token));
    assertTrue(dump.out().contains("GITHUB_TOKEN=[REDACTED:github-token]"));
  }

  @Test
  void chunksStatsJson_listsEveryStreamWithCountsAndBytes() throws Exception {
    Path history = fixture(Fixtures.HISTORY);
    gitml("init", "--no-hooks", "--no-backfill");
    gitml("migrate", "--from", history.toString());
    gitml("chunks", "compact", "--seal");

    CliRun r = gitml("chunks", "stats", "--json");

    assertEquals(0, r.exit(), r.err());
    JsonNode commits = JSON.readTree(r.out()).at("/streams/commits");
    assertEquals(120, commits.get("records").asInt());
    assertTrue(commits.get("chunks").asInt() >= 1);
    assertTrue(
        commits.get("stored_bytes").asLong() * 4 < commits.get("raw_bytes").asLong(), r.out());
    assertEquals(0, JSON.readTree(r.out()).at("/streams/chats/records").asInt());
  }

  @Test
  void chunksVerify_corruptChunk_exitsOneNamingTheFile() throws Exception {
    Path history = fixture(Fixtures.HISTORY);
    gitml("init", "--no-hooks", "--no-backfill");
    gitml("migrate", "--from", history.toString());
    gitml("chunks", "compact", "--seal");
    assertEquals(0, gitml("chunks", "verify").exit());
    Path chunk;
    try (Stream<Path> s = Files.list(repo.resolve(".git-ml/tracked/commits"))) {
      chunk = s.filter(p -> p.toString().endsWith(".jsonl.zst")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(chunk);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(chunk, bytes);

    CliRun r = gitml("chunked", "verify");

    assertEquals(1, r.exit());
    assertTrue(r.out().contains(chunk.getFileName().toString()), r.out());
  }

  @Test
  void chunksReconstruct_writesEveryRecordOnceAsEnvelopeLines() throws Exception {
    Path fixture = fixture(Fixtures.PYTHON_GIT_ML);
    gitml("init", "--no-hooks", "--no-backfill");
    gitml("migrate", "--from", fixture.toString());
    Path out = tmp.resolve("all.jsonl");

    CliRun r = gitml("chunks", "reconstruct", "-o", out.toString());

    assertEquals(0, r.exit(), r.err());
    List<String> lines = Files.readAllLines(out);
    assertEquals(lines.size(), lines.stream().distinct().count());
    JsonNode first = JSON.readTree(lines.get(0));
    assertEquals(List.of("id", "type", "v", "ts", "data"), iterate(first.fieldNames()));
  }

  @Test
  void chunksReindex_rebuildsTheSameCounts() throws Exception {
    Path fixture = fixture(Fixtures.PYTHON_GIT_ML);
    gitml("init", "--no-hooks", "--no-backfill");
    gitml("migrate", "--from", fixture.toString());
    String before = gitml("stats", "--json").out();

    CliRun r = gitml("chunks", "reindex");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("indexed "), r.out());
    assertEquals(before, gitml("stats", "--json").out());
  }

  private static List<String> iterate(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void chunksReconstruct_damagedChunk_writesWhatSalvagesWarnsAndExitsOne() throws Exception {
    Path history = fixture(Fixtures.HISTORY);
    gitml("init", "--no-hooks", "--no-backfill");
    Path head = tmp.resolve("head.jsonl");
    Path tail = tmp.resolve("tail.jsonl");
    List<String> all = Files.readAllLines(history);
    Files.write(head, all.subList(0, 60));
    Files.write(tail, all.subList(60, 120));
    gitml("migrate", "--from", head.toString());
    gitml("chunks", "compact", "--seal");
    Path chunk;
    try (Stream<Path> s = Files.list(repo.resolve(".git-ml/tracked/commits"))) {
      chunk = s.filter(p -> p.toString().endsWith(".jsonl.zst")).findFirst().orElseThrow();
    }
    gitml("migrate", "--from", tail.toString());
    byte[] bytes = Files.readAllBytes(chunk);
    bytes[40] ^= 0x01;
    Files.write(chunk, bytes);
    Files.delete(repo.resolve(".git-ml/index.sqlite"));
    Path out = tmp.resolve("out.jsonl");

    CliRun r = gitml("chunks", "reconstruct", "-o", out.toString());
    CliRun stats = gitml("stats", "--json");

    assertEquals(1, r.exit());
    assertTrue(r.err().contains("warning: chunk tracked/commits/" + chunk.getFileName()), r.err());
    // The damaged block is salvaged: each of its lines whose record hash still checks is kept
    // (here all of them: the flipped byte did not change what the frame decodes to).
    assertTrue(r.err().contains("60 records salvaged, 0 lost"), r.err());
    assertEquals(120, Files.readAllLines(out).size());
    assertEquals(0, stats.exit());
    assertEquals(120, JSON.readTree(stats.out()).get("commits").asInt());
    assertTrue(stats.err().contains(chunk.getFileName().toString()), stats.err());
  }
}
