package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gitml ci set, get and capture in a real repository, with CI environments set as jobs set them.
 */
class CiCommandTest {
  @TempDir Path tmp;
  GitRepoFixture fx;
  String head;

  @BeforeEach
  void setUp() throws Exception {
    fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    fx.commit("src/calc.py", "def add(a, b):\n    return a + b\n", "Add calc");
    head = fx.head();
    assertEquals(0, fx.gitml("capture").exit());
  }

  /** gitml in the repository with {@code vars} added to its environment (a CI job's). */
  private CliRun inJob(Map<String, String> vars, String... args) {
    Map<String, String> env = new HashMap<>(fx.env);
    env.keySet().removeIf(k -> k.startsWith("GITHUB_") || k.startsWith("CI_") || k.equals("CI"));
    env.putAll(vars);
    String[] all = new String[args.length + 2];
    all[0] = "-C";
    all[1] = fx.repo.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return CliRun.with(env, "", all);
  }

  @Test
  void set_twoResults_getShowsTheLatest() throws Exception {
    CliRun first = fx.gitml("ci", "set", "--commit", "HEAD", "--result", "fail");
    CliRun second =
        fx.gitml(
            "ci",
            "set",
            "--commit",
            head.substring(0, 8),
            "--result",
            "pass",
            "--tests-passed",
            "41",
            "--tests-failed",
            "0",
            "--coverage",
            "87.5",
            "--duration",
            "12.3",
            "--message",
            "green again");

    assertEquals(0, first.exit(), first.err());
    assertEquals("recorded CI fail for " + head.substring(0, 12) + "\n", first.out());
    assertEquals(
        "recorded CI pass for "
            + head.substring(0, 12)
            + ": 41 passed, 0 failed, coverage 87.5%, 12.3 s\n",
        second.out());
    JsonNode got =
        GitRepoFixture.JSON.readTree(fx.gitml("ci", "get", "--commit", "HEAD", "--json").out());
    assertEquals("pass", got.get("result").asText());
    assertEquals(head, got.get("commit").asText());
    assertEquals("green again", got.get("message").asText());
    assertEquals("cli", got.get("source").asText());
    JsonNode stats = fx.stats();
    assertEquals(2, stats.get("ci_results").asInt());
    assertEquals(1, stats.get("commits_with_ci").asInt());
    assertEquals(0, fx.gitml("chunks", "verify").exit());
  }

  @Test
  void set_badResultOrRevision_oneLineUsageError() {
    CliRun bad = fx.gitml("ci", "set", "--commit", "HEAD", "--result", "green");
    CliRun unknown = fx.gitml("ci", "set", "--commit", "nope", "--result", "pass");
    CliRun none = fx.gitml("ci", "get", "--commit", "HEAD");

    assertEquals(2, bad.exit());
    assertEquals(
        "gitml: --result: say pass, fail, error or pending", bad.err().lines().findFirst().get());
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().startsWith("gitml: unknown revision: nope"), unknown.err());
    assertEquals(1, none.exit());
    assertTrue(none.err().contains("no CI result for " + head), none.err());
  }

  @Test
  void capture_githubActionsWithJunit_recordsTheRunForGithubSha() throws Exception {
    Path reports = fx.repo.resolve("target/surefire-reports");
    Files.createDirectories(reports);
    try (InputStream in = getClass().getResourceAsStream("ci/TEST-dev.example.CalcTest.xml")) {
      Files.copy(in, reports.resolve("TEST-dev.example.CalcTest.xml"));
    }
    Map<String, String> env =
        Map.of(
            "GITHUB_ACTIONS", "true",
            "GITHUB_SHA", head,
            "GITHUB_WORKFLOW", "ci",
            "GITHUB_JOB", "test",
            "GITHUB_RUN_ID", "7001",
            "CI_COVERAGE", "81.5%");

    CliRun r = inJob(env, "ci", "capture", "--junit", "target/surefire-reports/TEST-*.xml");

    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "recorded CI fail for "
            + head.substring(0, 12)
            + ": 1 passed, 2 failed, 1 skipped, coverage 81.5%, 0.1 s\n",
        r.out());
    JsonNode got =
        GitRepoFixture.JSON.readTree(fx.gitml("ci", "get", "--commit", head, "--json").out());
    assertEquals("github-actions", got.get("provider").asText());
    assertEquals("ci", got.get("workflow").asText());
    assertEquals("test", got.get("job").asText());
    assertEquals("7001", got.get("run_id").asText());
    assertEquals(
        "dev.example.CalcTest.divide_byZero_throws",
        got.get("failures").get(0).get("name").asText());
    assertEquals(0, fx.gitml("chunks", "verify").exit());
  }

  @Test
  void capture_gitlabWithPythonToolsVariables_recordsThem() throws Exception {
    Map<String, String> env =
        Map.of(
            "GITLAB_CI", "true",
            "CI_COMMIT_SHA", head,
            "CI_PIPELINE_ID", "991",
            "CI_JOB_NAME", "pytest",
            "CI_RESULT", "pass",
            "CI_TESTS_PASSED", "12",
            "CI_TESTS_FAILED", "0",
            "CI_DURATION", "abc");

    CliRun r = inJob(env, "ci", "capture");

    assertEquals(0, r.exit(), r.err());
    assertEquals("CI_DURATION=abc left out: not a number\n", r.err());
    JsonNode got =
        GitRepoFixture.JSON.readTree(fx.gitml("ci", "get", "--commit", head, "--json").out());
    assertEquals("gitlab-ci", got.get("provider").asText());
    assertEquals("991", got.get("run_id").asText());
    assertEquals("pytest", got.get("job").asText());
    assertEquals(12, got.get("tests_passed").asInt());
  }

  @Test
  void capture_commitOption_winsOverTheProvidersMergeCommit() throws Exception {
    Map<String, String> env =
        Map.of("GITHUB_ACTIONS", "true", "GITHUB_SHA", "e".repeat(40), "CI_RESULT", "pass");

    CliRun r = inJob(env, "ci", "capture", "--commit", "HEAD");

    assertEquals(0, r.exit(), r.err());
    assertEquals("recorded CI pass for " + head.substring(0, 12) + "\n", r.out());
  }

  @Test
  void capture_nothingSaysHowItWent_oneLineExitOne() {
    CliRun r = inJob(Map.of(), "ci", "capture");

    assertEquals(1, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("set CI_RESULT=pass|fail|error|pending"), r.err());
  }
}
