package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gitml quality and gitml estimate on the Python collector's migrated data (the fixtures). */
class ReportsTest {
  @TempDir Path tmp;

  @Test
  void quality_migratedDataAndARedactedSession_countsProblemsDuplicatesAndRedactions()
      throws Exception {
    Path python = Fixtures.copy(Fixtures.PYTHON_GIT_ML, tmp.resolve("fixtures"));
    Path hello =
        Fixtures.copy(Fixtures.CLAUDE_CODE + "/hello-world.jsonl", tmp.resolve("fixtures"));
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    assertEquals(0, fx.gitml("migrate", "--from", python.toString()).exit());
    Path secret = tmp.resolve("secret.jsonl");
    Files.writeString(
        secret,
        Files.readString(hello)
            .replace(
                "and run it.",
                "and run it. GITHUB_TOKEN=ghp_R3aLlyN0tAT0k3nBuTL00ksL1k30ne123456"));
    fx.gitml("sessions", "import", "--path", secret.toString());

    CliRun r = fx.gitml("quality", "--json");
    CliRun alias = fx.gitml("quality-report");

    assertEquals(0, r.exit(), r.err());
    JsonNode q = GitRepoFixture.JSON.readTree(r.out());
    assertTrue(q.at("/chats/total").asInt() >= 10, q.toString());
    assertTrue(q.at("/redactions").size() >= 1, q.toString());
    assertTrue(q.at("/linkage/commits").asInt() >= 15, q.toString());
    assertTrue(q.get("schema_problems").isObject());
    assertEquals(0, alias.exit(), alias.err());
    JsonNode stats = fx.stats();
    assertEquals(q.get("redactions"), stats.get("redactions"), "stats reads them from the index");
    assertTrue(alias.out().startsWith("schema problems:"), alias.out());
    String redactions =
        alias.out().lines().filter(l -> l.startsWith("redactions:")).findFirst().orElseThrow();
    assertTrue(
        redactions.matches("redactions: +[a-z0-9-]+ \\d+(, [a-z0-9-]+ \\d+)*"),
        "names and counts, not a Java map: " + redactions);
  }

  @Test
  void estimate_oldHistoryOnly_saysWhyItCannotTell() throws Exception {
    Path history = Fixtures.copy(Fixtures.HISTORY, tmp.resolve("fixtures"));
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    fx.gitml("migrate", "--from", history.toString());

    JsonNode e = GitRepoFixture.JSON.readTree(fx.gitml("estimate", "--json").out());

    assertEquals(30, e.at("/pace/window_days").asInt());
    assertEquals(120, e.at("/have/commits").asInt());
    JsonNode fp = e.at("/milestones/file_prediction");
    assertEquals(false, fp.get("reached").asBoolean(), "no sessions or chats yet");
    assertTrue(fp.get("date").isNull());
    assertTrue(fp.get("why").asText().length() > 10, fp.toString());
  }

  @Test
  void patternsAndContribute_aggregatesOnlyNoTextAndConsentRecorded() throws Exception {
    Path history = Fixtures.copy(Fixtures.HISTORY, tmp.resolve("fixtures"));
    Path hello =
        Fixtures.copy(Fixtures.CLAUDE_CODE + "/hello-world.jsonl", tmp.resolve("fixtures"));
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    fx.gitml("migrate", "--from", history.toString());
    fx.gitml("sessions", "import", "--path", hello.toString());
    String aMessage =
        GitRepoFixture.JSON.readTree(Files.readAllLines(history).get(0)).get("message").asText();

    assertTrue(fx.gitml("contribute", "status").out().startsWith("contribution: disabled"));
    fx.gitml("contribute", "enable");
    CliRun patterns = fx.gitml("patterns");
    assertEquals(0, patterns.exit(), patterns.err());
    Path shared = fx.repo.resolve(".git-ml/shared");
    StringBuilder all = new StringBuilder();
    for (String f :
        new String[] {
          "summary.json",
          "commit_patterns.json",
          "file_correlations.json",
          "tool_effectiveness.json"
        }) {
      all.append(Files.readString(shared.resolve(f)));
    }
    String text = all.toString();
    assertTrue(text.contains("\"Bash\""), "tool names are aggregates");
    assertTrue(!text.contains("Write a shell script"), "no prompt");
    assertTrue(!text.contains(aMessage), "no commit message");

    assertTrue(fx.gitml("contribute", "status").out().startsWith("contribution: enabled"));
    assertTrue(fx.gitml("contribute", "preview").out().startsWith("== summary.json"));
    assertTrue(Files.exists(fx.repo.resolve(".git-ml/local/contribute.json")));
  }

  @Test
  void patterns_contributionDisabled_refusedAndNothingWritten() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    fx.gitml("contribute", "disable");

    CliRun r = fx.gitml("patterns");

    assertEquals(1, r.exit(), r.out());
    assertTrue(r.err().startsWith("gitml: sharing is disabled"), r.err());
    assertTrue(r.err().contains("gitml contribute enable"), r.err());
    assertFalse(Files.exists(fx.repo.resolve(".git-ml/shared")));
  }

  @Test
  void quality_commitWithoutADiff_reportsTheExampleLeftOut() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    fx.commit("src/app.js", "one\n", "feat: one");
    fx.git("commit", "-q", "--allow-empty", "-m", "svn:ignore target");
    fx.gitml("backfill");

    CliRun text = fx.gitml("quality");
    JsonNode json = GitRepoFixture.JSON.readTree(fx.gitml("quality", "--json").out());

    assertTrue(
        text.out()
            .contains(
                "examples left out: commit-message 1, file-prediction 1"
                    + " (an empty input or output)"),
        text.out());
    assertEquals(1, json.at("/examples_left_out_empty/commit-message").asInt(), json.toString());
  }
}
