package dev.gitml.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.github.Gh;
import dev.gitml.collector.github.GhException;
import dev.gitml.collector.github.GitHubCollect;
import dev.gitml.collector.github.GitHubStats;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.Store;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gitml github collect|stats|fetch-pr|fetch-issue}: pull requests and issues of the
 * repository's GitHub remote, read through the {@code gh} command on {@code PATH}.
 */
@Command(
    name = "github",
    description = "GitHub pull requests and issues, read through the gh command.",
    subcommands = {
      GithubCommand.Collect.class,
      GithubCommand.Stats.class,
      GithubCommand.FetchPr.class,
      GithubCommand.FetchIssue.class
    })
final class GithubCommand extends GitmlSubcommand implements Runnable {

  @Override
  public void run() {
    commandSpec().commandLine().usage(gitml().out());
  }

  /**
   * Runs {@code work} with gh and the store; a gh that is missing or failed is one line, exit 1.
   */
  static int withGh(GitmlCommand gitml, boolean json, Work work) throws Exception {
    try (Store store = gitml.openStore()) {
      Gh gh = Gh.require(gitml.workspace().workTree(), gitml.env());
      GitHubCollect collect =
          new GitHubCollect(
              gh, store, Redactor.configured(store.config()), line -> gitml.err().println(line));
      GitHubCollect.Result r = work.run(collect);
      if (json) {
        ObjectNode root = Json.object();
        root.put("pull_requests", r.pullRequests());
        root.put("issues", r.issues());
        root.put("added", r.added());
        root.put("already_stored", r.alreadyStored());
        root.put("linked_commits", r.linked());
        Json.print(gitml.out(), root);
        return Cli.OK;
      }
      gitml
          .out()
          .printf(
              Locale.ROOT,
              "%d pull requests, %d issues: %d records added, %d already stored;"
                  + " %d pull request commits linked%n",
              r.pullRequests(),
              r.issues(),
              r.added(),
              r.alreadyStored(),
              r.linked());
    } catch (GhException e) {
      throw new Cli.FailedException(e.getMessage());
    }
    return Cli.OK;
  }

  /** What a subcommand asks of gh. */
  @FunctionalInterface
  interface Work {
    GitHubCollect.Result run(GitHubCollect collect) throws java.io.IOException;
  }

  @Command(name = "collect", description = "The most recent pull requests and issues.")
  static final class Collect extends GitmlSubcommand implements Callable<Integer> {
    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "100",
        description = "How many pull requests, and how many issues (100).")
    int limit;

    @Mixin JsonOption output;

    @Override
    public Integer call() throws Exception {
      if (limit < 1) {
        throw new Cli.UsageException("--limit: at least 1");
      }
      return withGh(gitml(), output.json(), c -> c.collect(limit));
    }
  }

  @Command(name = "fetch-pr", description = "One pull request.")
  static final class FetchPr extends GitmlSubcommand implements Callable<Integer> {
    @Option(names = "--number", required = true, paramLabel = "N", description = "Its number.")
    int number;

    @Mixin JsonOption output;

    @Override
    public Integer call() throws Exception {
      if (number < 1) {
        throw new Cli.UsageException("--number: a pull request number, 1 or more");
      }
      return withGh(gitml(), output.json(), c -> c.pullRequest(number));
    }
  }

  @Command(name = "fetch-issue", description = "One issue.")
  static final class FetchIssue extends GitmlSubcommand implements Callable<Integer> {
    @Option(names = "--number", required = true, paramLabel = "N", description = "Its number.")
    int number;

    @Mixin JsonOption output;

    @Override
    public Integer call() throws Exception {
      if (number < 1) {
        throw new Cli.UsageException("--number: an issue number, 1 or more");
      }
      return withGh(gitml(), output.json(), c -> c.issue(number));
    }
  }

  @Command(name = "stats", description = "What the stored GitHub data holds (no gh needed).")
  static final class Stats extends GitmlSubcommand implements Callable<Integer> {
    @Mixin JsonOption output;

    @Override
    public Integer call() throws Exception {
      try (Store store = gitml().openStore()) {
        GitHubStats s = GitHubStats.of(store);
        if (output.json()) {
          ObjectNode root = Json.object();
          root.put("pull_requests", s.pullRequests());
          s.pullRequestsByState().forEach(root.putObject("pull_requests_by_state")::put);
          root.put("reviews", s.reviews());
          root.put("issues", s.issues());
          s.issuesByState().forEach(root.putObject("issues_by_state")::put);
          root.put("comments", s.comments());
          root.put("linked_commits", s.linkedCommits());
          Json.print(gitml().out(), root);
        } else {
          gitml()
              .out()
              .printf(
                  Locale.ROOT,
                  "pull requests %d%s, %d reviews%nissues %d%s%ncomments %d%n"
                      + "stored commits in pull requests %d%n",
                  s.pullRequests(),
                  states(s.pullRequestsByState()),
                  s.reviews(),
                  s.issues(),
                  states(s.issuesByState()),
                  s.comments(),
                  s.linkedCommits());
        }
      }
      return Cli.OK;
    }

    private static String states(Map<String, Integer> byState) {
      if (byState.isEmpty()) {
        return "";
      }
      StringBuilder sb = new StringBuilder(" (");
      byState.forEach(
          (k, v) -> sb.append(sb.length() > 2 ? ", " : "").append(v).append(' ').append(k));
      return sb.append(')').toString();
    }
  }
}
