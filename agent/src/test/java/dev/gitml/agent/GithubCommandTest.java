package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gitml github and link-tasks against a stand-in {@code gh} on PATH that answers with JSON in the
 * shape {@code gh pr view --json} and {@code gh issue view --json} print (resources {@code gh/}).
 */
class GithubCommandTest {
  private static final List<String> GH_FILES =
      List.of(
          "gh", "pr-12.json", "pr-list.json", "issue-7.json", "issue-8.json", "issue-list.json");

  @TempDir Path tmp;
  GitRepoFixture fx;
  Path bin;
  String fixed;

  @BeforeEach
  void setUp() throws Exception {
    fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    fx.commit("README.md", "# app\n", "Start");
    fx.commit("src/retry.py", "RETRIES = 3\n", "Retry the login\n\nFixes #7");
    fixed = fx.head();
    assertEquals(0, fx.gitml("backfill").exit());
    bin = tmp.resolve("bin");
    Files.createDirectories(bin);
    for (String name : GH_FILES) {
      try (InputStream in = getClass().getResourceAsStream("gh/" + name)) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(bin.resolve(name), text.replace("@COMMIT@", fixed));
      }
    }
    Files.setPosixFilePermissions(bin.resolve("gh"), PosixFilePermissions.fromString("rwx------"));
  }

  private CliRun gitml(Path pathDir, String... args) {
    Map<String, String> env = new HashMap<>(fx.env);
    env.put("PATH", (pathDir == null ? "" : pathDir + ":") + "/usr/bin:/bin");
    String[] all = new String[args.length + 2];
    all[0] = "-C";
    all[1] = fx.repo.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return CliRun.with(env, "", all);
  }

  private List<JsonNode> stream(String stream) throws Exception {
    Path out = tmp.resolve(stream + "-" + System.nanoTime() + ".jsonl");
    CliRun r = fx.gitml("chunks", "reconstruct", "--stream", stream, "--output", out.toString());
    assertEquals(0, r.exit(), r.err());
    return Files.readAllLines(out).stream()
        .map(
            l -> {
              try {
                return GitRepoFixture.JSON.readTree(l).get("data");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  @Test
  void collect_stubGh_storesPullRequestsIssuesAndLinksTheCommit() throws Exception {
    CliRun r = gitml(bin, "github", "collect", "--limit", "50");

    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "1 pull requests, 2 issues: 4 records added, 0 already stored;"
            + " 1 pull request commits linked\n",
        r.out());
    String calls = Files.readString(bin.resolve("calls"));
    assertTrue(
        calls.contains(
            "pr list --state all --limit 50 --json number,title,body,state,url,author,labels,"
                + "createdAt,mergedAt,closedAt,headRefName,baseRefName,commits,reviews,comments,"
                + "closingIssuesReferences"),
        calls);
    JsonNode pr = stream("pull-requests").get(0);
    assertEquals(12, pr.get("number").asInt());
    assertEquals("ana-lima", pr.get("author").asText());
    assertEquals("MERGED", pr.get("state").asText());
    assertEquals(fixed, pr.get("commits").get(0).asText());
    assertEquals(7, pr.get("closes").get(0).asInt());
    assertEquals("APPROVED", pr.get("reviews").get(0).get("state").asText());
    String comment = pr.get("comments").get(0).get("body").asText();
    assertTrue(comment.contains("[REDACTED:"), comment);
    assertFalse(comment.contains("ghp_"), comment);
    List<JsonNode> issues = stream("issues");
    assertEquals("ghost", issues.get(0).get("author").asText(), "a deleted account");
    JsonNode prLink =
        stream("links").stream()
            .filter(l -> l.get("kind").asText().equals("pull-request-commit"))
            .findFirst()
            .orElseThrow();
    assertEquals("pull#12", prLink.get("from").asText());
    assertEquals(fixed, prLink.get("to").asText());

    JsonNode again = GitRepoFixture.JSON.readTree(gitml(bin, "github", "collect", "--json").out());
    assertEquals(0, again.get("added").asInt());
    assertEquals(4, again.get("already_stored").asInt());
    assertEquals(1, again.get("linked_commits").asInt());
    JsonNode stats = fx.stats();
    assertEquals(1, stats.get("pull_requests").asInt());
    assertEquals(2, stats.get("issues").asInt());
    assertEquals(0, fx.gitml("chunks", "verify").exit());
  }

  @Test
  void stats_afterCollect_countsByState() throws Exception {
    gitml(bin, "github", "collect");

    CliRun r = fx.gitml("github", "stats");
    JsonNode json = GitRepoFixture.JSON.readTree(fx.gitml("github", "stats", "--json").out());

    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "pull requests 1 (1 merged), 1 reviews\nissues 2 (1 closed, 1 open)\ncomments 2\n"
            + "stored commits in pull requests 1\n",
        r.out());
    assertEquals(1, json.get("issues_by_state").get("open").asInt());
    assertEquals(1, json.get("linked_commits").asInt());
  }

  @Test
  void linkTasks_afterCollect_resolvesTheReferenceToTheIssue() throws Exception {
    List<String> before =
        stream("links").stream()
            .filter(l -> l.get("from").asText().equals(fixed))
            .map(l -> l.get("kind").asText() + " " + l.get("to").asText())
            .toList();
    gitml(bin, "github", "fetch-issue", "--number", "7");

    CliRun r = fx.gitml("link-tasks");

    assertEquals(List.of("completes #7"), before, "captured before the issue was known");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        fixed.substring(0, 12)
            + "  Retry the login\n  completes issue#7 (message)\n"
            + "2 commits looked at, 1 name a task; 1 links added, 0 already stored\n",
        r.out());
  }

  @Test
  void fetchPr_unknownNumber_ghsMessageInOneLine() {
    CliRun ok = gitml(bin, "github", "fetch-pr", "--number", "12");
    CliRun missing = gitml(bin, "github", "fetch-pr", "--number", "99");

    assertEquals(0, ok.exit(), ok.err());
    assertEquals(1, missing.exit());
    assertEquals(
        "gitml: gh pr view 99 failed (exit 1): GraphQL: Could not resolve to a PullRequest with"
            + " the number of 99. (repository.pullRequest)\n",
        missing.err());
  }

  @Test
  void collect_withoutGhOrLogin_oneLineExitOne() throws Exception {
    CliRun none = gitml(null, "github", "collect");
    Files.writeString(bin.resolve("logged-out"), "");
    CliRun loggedOut = gitml(bin, "github", "fetch-issue", "--number", "7");

    assertEquals(1, none.exit());
    assertEquals(
        "gitml: gh (the GitHub CLI) is not on PATH: install it from https://cli.github.com to"
            + " collect pull requests and issues\n",
        none.err());
    assertEquals(1, loggedOut.exit());
    assertEquals("gitml: gh is not logged in to GitHub: run gh auth login\n", loggedOut.err());
    assertEquals(0, fx.stats().get("issues").asInt());
  }
}
