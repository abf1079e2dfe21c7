package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reverts and task references found where commits are captured (backfill, capture), {@code gitml
 * revert}, {@code gitml link-tasks}, and what export makes of reverted commits, in a real
 * repository whose revert git itself wrote.
 */
class RevertAndTaskLinksTest {
  @TempDir Path tmp;
  GitRepoFixture fx;
  String added;
  String fixed;
  String revert;

  @BeforeEach
  void setUp() throws Exception {
    fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    fx.commit("README.md", "# app\n", "Start");
    fx.git("checkout", "-q", "-b", "12-retry-login");
    fx.commit("src/login.py", "TIMEOUT = 1\n", "Add a login timeout");
    added = fx.head();
    fx.commit(
        "src/retry.py",
        "RETRIES = 3\n",
        "Retry the login\n\nFixes #7, see PROJ-3 and T-20251213-143052-a1b2-001");
    fixed = fx.head();
    fx.git("revert", "--no-edit", added);
    revert = fx.head();
  }

  private List<JsonNode> links() throws Exception {
    Path out = tmp.resolve("links-" + System.nanoTime() + ".jsonl");
    CliRun r = fx.gitml("chunks", "reconstruct", "--stream", "links", "--output", out.toString());
    assertEquals(0, r.exit(), r.err());
    return Files.readAllLines(out).stream().map(this::json).map(n -> n.get("data")).toList();
  }

  private JsonNode json(String line) {
    try {
      return GitRepoFixture.JSON.readTree(line);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void backfill_revertByGit_marksTheRevertedCommit() throws Exception {
    assertEquals(0, fx.gitml("backfill").exit());

    List<JsonNode> reverts =
        links().stream().filter(l -> l.get("kind").asText().equals("reverts")).toList();
    assertEquals(1, reverts.size(), reverts.toString());
    assertEquals(revert, reverts.get(0).get("from").asText());
    assertEquals(added, reverts.get(0).get("to").asText());
    assertEquals("message", reverts.get(0).get("source").asText());
    assertEquals(1, fx.stats().get("linkage").get("reverted_commits").asInt());
    assertEquals(0, fx.gitml("chunks", "verify").exit());
  }

  @Test
  void capture_referencesInMessageAndBranch_linksWithTheirVerb() throws Exception {
    assertEquals(0, fx.gitml("capture", fixed).exit());

    Map<String, String> kinds = new HashMap<>();
    for (JsonNode l : links()) {
      if (l.get("from").asText().equals(fixed)) {
        kinds.put(l.get("to").asText(), l.get("kind").asText() + " " + l.get("source").asText());
      }
    }
    assertEquals(
        Map.of(
            "#7", "completes message",
            "PROJ-3", "references message",
            "T-20251213-143052-a1b2-001", "references message",
            "#12", "references branch"),
        kinds);
    assertEquals(1, fx.stats().get("linkage").get("commits_with_task").asInt());
  }

  @Test
  void revert_byHand_marksItAndExportLeavesItOutOnlyWhenAsked() throws Exception {
    assertEquals(0, fx.gitml("backfill").exit());
    CliRun r = fx.gitml("revert", "--commit", fixed, "--by", "HEAD");

    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "marked " + fixed.substring(0, 12) + " reverted by " + revert.substring(0, 12) + "\n",
        r.out());
    Path all = tmp.resolve("all.jsonl");
    Path kept = tmp.resolve("kept.jsonl");
    assertEquals(
        0,
        fx.gitml("export", "--format", "jsonl", "--task", "commit-message", "--out", all.toString())
            .exit());
    assertEquals(
        0,
        fx.gitml(
                "export",
                "--format",
                "jsonl",
                "--task",
                "commit-message",
                "--exclude-reverted",
                "--out",
                kept.toString())
            .exit());
    Map<String, Boolean> reverted = new HashMap<>();
    for (String line : Files.readAllLines(all)) {
      JsonNode e = json(line);
      reverted.put(e.get("output").asText(), e.get("context").get("reverted").asBoolean());
    }
    assertEquals(true, reverted.get("Add a login timeout"));
    assertEquals(
        true,
        reverted.get("Retry the login\n\nFixes #7, see PROJ-3 and T-20251213-143052-a1b2-001"));
    assertEquals(false, reverted.get("Start"));
    List<String> outputs =
        Files.readAllLines(kept).stream().map(l -> json(l).get("output").asText()).toList();
    assertEquals(2, outputs.size(), outputs.toString());
    assertTrue(outputs.contains("Start"), outputs.toString());
    assertFalse(outputs.contains("Add a login timeout"), outputs.toString());
    assertEquals(2, fx.stats().get("linkage").get("reverted_commits").asInt());
  }

  @Test
  void daemonPass_hookedRevertCommit_marksTheRevertedCommit() throws Exception {
    Path other = tmp.resolve("hooked");
    Files.createDirectories(other);
    GitRepoFixture hooked = new GitRepoFixture(other);
    assertEquals(0, hooked.gitml("init", "--no-backfill").exit());
    hooked.commit("a.txt", "one\n", "Add a, closes PROJ-5");
    String first = hooked.head();
    hooked.git("revert", "--no-edit", "HEAD");
    String second = hooked.head();

    CliRun pass = hooked.gitml("daemon", "run", "--once");

    assertEquals(0, pass.exit(), pass.err());
    Path out = tmp.resolve("hooked-links.jsonl");
    hooked.gitml("chunks", "reconstruct", "--stream", "links", "--output", out.toString());
    List<String> links =
        Files.readAllLines(out).stream()
            .map(l -> json(l).get("data"))
            .map(
                d ->
                    d.get("kind").asText()
                        + " "
                        + d.get("from").asText()
                        + " "
                        + d.get("to").asText())
            .toList();
    assertTrue(links.contains("reverts " + second + " " + first), links.toString());
    assertTrue(links.contains("completes " + first + " PROJ-5"), links.toString());
    assertEquals(1, hooked.stats().get("linkage").get("reverted_commits").asInt());
  }

  @Test
  void linkTasks_analyze_showsWithoutStoring() throws Exception {
    assertEquals(0, fx.gitml("backfill").exit());
    int before = fx.stats().get("links").asInt();

    CliRun r = fx.gitml("link-tasks", "--analyze", "2");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("  completes #7 (message)\n"), r.out());
    assertTrue(
        r.out().endsWith("2 commits looked at, 2 name a task (nothing stored: --analyze)\n"),
        r.out());
    assertEquals(before, fx.stats().get("links").asInt());
  }
}
