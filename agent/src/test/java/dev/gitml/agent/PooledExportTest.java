package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gitml export --repos} and {@code --all-registered}: two real repositories (both folders
 * named alike, both holding the same commits and the same session, and each its own), one data set.
 */
class PooledExportTest {
  @TempDir Path tmp;
  GitRepoFixture a;
  GitRepoFixture b;

  @BeforeEach
  void setUp() throws Exception {
    a = new GitRepoFixture(Files.createDirectories(tmp.resolve("a")));
    b = new GitRepoFixture(Files.createDirectories(tmp.resolve("b")));
    b.env.put("GITML_HOME", a.home.toString()); // one user: one daemon registry
    for (GitRepoFixture fx : List.of(a, b)) {
      for (int day = 1; day <= 10; day++) {
        commit(fx, "src/shared" + day + ".txt", "line " + day, "shared change " + day, day);
      }
    }
    for (int day = 11; day <= 20; day++) {
      commit(a, "src/a" + day + ".txt", "a " + day, "a's own change " + day, day);
      commit(b, "src/b" + day + ".txt", "b " + day, "b's own change " + day, day);
    }
    // the same session, as it was recorded, imported into both
    Path hello =
        Fixtures.copy(Fixtures.CLAUDE_CODE, tmp.resolve("claude")).resolve("hello-world.jsonl");
    for (GitRepoFixture fx : List.of(a, b)) {
      assertEquals(0, fx.gitml("init").exit());
      TrajectoryExportTest.helloSessionCommitted(fx, tmp.resolve("s-" + fx.hashCode()));
      fx.gitml("capture");
      fx.gitml("sessions", "import", "--path", hello.toString());
    }
    // b's own sessions: two Codex rollouts, five chats
    Path codex = Fixtures.copy(Fixtures.CODEX_SESSIONS, tmp.resolve("codex"));
    b.gitml("sessions", "import", "--path", codex.toString());
  }

  private static void commit(GitRepoFixture fx, String file, String content, String msg, int day)
      throws Exception {
    Path f = fx.repo.resolve(file);
    Files.createDirectories(f.getParent());
    Files.writeString(f, content + "\n");
    String date = String.format("2025-12-%02dT10:00:00Z", day);
    fx.git("add", "-A");
    fx.git(Map.of("GIT_AUTHOR_DATE", date, "GIT_COMMITTER_DATE", date), "commit", "-q", "-m", msg);
  }

  private CliRun export(String... args) {
    List<String> all =
        new ArrayList<>(List.of("export", "--repos", a.repo.toString(), b.repo.toString()));
    all.addAll(List.of(args));
    return a.gitml(all.toArray(String[]::new));
  }

  private static Map<String, List<JsonNode>> byRepo(Path ds, String task) throws Exception {
    Map<String, List<JsonNode>> out = new HashMap<>();
    try (Stream<Path> s = Files.walk(ds.resolve("data").resolve(task))) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        String part = f.getParent().getFileName().toString();
        String split = f.getFileName().toString().replace(".jsonl", "");
        for (JsonNode l : TrajectoryExportTest.lines(f)) {
          assertEquals(part, "repo=" + l.get("repo").asText(), "the partition names the repo");
          ((com.fasterxml.jackson.databind.node.ObjectNode) l).put("split", split);
          out.computeIfAbsent(part, k -> new ArrayList<>()).add(l);
        }
      }
    }
    return out;
  }

  @Test
  void export_twoRepositories_bothPartitionsEachExampleOnceTimeOrderSessionsWhole()
      throws Exception {
    CliRun r = export("--format", "hf", "--task", "all", "--out", tmp + "/ds");
    CliRun t = export("--format", "hf", "--task", "trajectory", "--out", tmp + "/tr");

    assertEquals(0, r.exit(), r.err());
    assertEquals(0, t.exit(), t.err());
    String nameA = "my_repo__quoted_";
    String nameB = "my_repo__quoted_-2";
    assertTrue(r.out().contains("repo=" + nameA), r.out());
    Map<String, List<JsonNode>> commits = byRepo(tmp.resolve("ds"), "commit-message");
    assertEquals(Set.of("repo=" + nameA, "repo=" + nameB), commits.keySet());
    // a's 10 shared + 10 own + hello; b's shared ones are a's again: only its own 10
    assertEquals(21, commits.get("repo=" + nameA).size());
    assertEquals(10, commits.get("repo=" + nameB).size());
    for (String task : List.of("commit-message", "file-prediction", "chat")) {
      Set<String> seen = new HashSet<>();
      for (List<JsonNode> lines : byRepo(tmp.resolve("ds"), task).values()) {
        for (JsonNode l : lines) {
          assertTrue(
              seen.add(l.get("input").asText() + "\u0000" + l.get("output").asText()),
              task + " example twice: " + l);
        }
      }
    }
    for (List<JsonNode> lines : commits.values()) {
      String newestTrain = "";
      String oldestTest = "~";
      for (JsonNode l : lines) {
        String ts = l.get("timestamp").asText();
        if (l.get("split").asText().equals("train") && ts.compareTo(newestTrain) > 0) {
          newestTrain = ts;
        }
        if (l.get("split").asText().equals("test") && ts.compareTo(oldestTest) < 0) {
          oldestTest = ts;
        }
      }
      assertTrue(newestTrain.compareTo(oldestTest) < 0, newestTrain + " / " + oldestTest);
    }
    Map<String, List<JsonNode>> trajectories = byRepo(tmp.resolve("tr"), "trajectory");
    assertEquals(1, trajectories.get("repo=" + nameA).size(), "the hello session");
    assertEquals(5, trajectories.get("repo=" + nameB).size(), "the hello session once, in a");
    Map<String, String> splitOfSession = new HashMap<>();
    for (List<JsonNode> lines : trajectories.values()) {
      for (JsonNode l : lines) {
        String before =
            splitOfSession.putIfAbsent(
                l.at("/metadata/session_id").asText(), l.get("split").asText());
        assertTrue(before == null || before.equals(l.get("split").asText()), l.toString());
      }
    }
    String card = Files.readString(tmp.resolve("ds/README.md"));
    assertTrue(card.contains("path: data/commit-message/repo=*/train.jsonl"), card);
  }

  @Test
  void export_sameRepositoriesTwiceInAnyOrder_byteIdentical() throws Exception {
    CliRun first = export("--format", "hf", "--task", "all", "--out", tmp + "/one");
    CliRun second =
        a.gitml(
            "export",
            "--repos",
            b.repo.toString(),
            a.repo.toString(),
            "--format",
            "hf",
            "--out",
            tmp + "/two");

    assertEquals(0, first.exit(), first.err());
    assertEquals(0, second.exit(), second.err());
    List<Path> files;
    try (Stream<Path> s = Files.walk(tmp.resolve("one"))) {
      files =
          s.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().equals(".gitml-export"))
              .sorted()
              .toList();
    }
    assertTrue(files.size() > 4, files.toString());
    for (Path f : files) {
      Path other = tmp.resolve("two").resolve(tmp.resolve("one").relativize(f));
      assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(other), f.toString());
    }
  }

  @Test
  void export_allRegisteredAsJsonlAndCsv_repoFieldAndColumn() throws Exception {
    CliRun jsonl =
        a.gitml("export", "--all-registered", "--format", "jsonl", "--out", tmp + "/all.jsonl");
    CliRun csv =
        a.gitml("export", "--all-registered", "--format", "csv", "--task", "chat", "--out", "-");
    CliRun notSetUp =
        a.gitml("export", "--repos", tmp.toString(), "--format", "jsonl", "--out", "-");

    assertEquals(0, jsonl.exit(), jsonl.err());
    Set<String> repos = new HashSet<>();
    for (JsonNode l : TrajectoryExportTest.lines(tmp.resolve("all.jsonl"))) {
      assertEquals(
          List.of("type", "timestamp", "input", "output", "context", "split", "repo"),
          TrajectoryExportTest.fields(l));
      repos.add(l.get("repo").asText());
    }
    assertEquals(2, repos.size());
    assertEquals(0, csv.exit(), csv.err());
    assertTrue(
        csv.out().startsWith("split,type,timestamp,input,output,files,tools_used,repo\n"),
        csv.out());
    assertEquals(1, notSetUp.exit());
    assertTrue(notSetUp.err().contains("not a repository set up with gitml"), notSetUp.err());
  }
}
