package dev.gitml.collector.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.collector.redact.RecordScrubber;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.PullRequest;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StoredRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Pull requests and issues read through {@code gh} into the store: each as a record (stored again
 * only when it changed, the records being content-hashed) and, for a pull request, a {@code
 * pull-request-commit} link to each of its commits that is stored. An item {@code gh} describes in
 * a shape that does not fit is reported and left out.
 */
public final class GitHubCollect {
  /** What a collect did. */
  public record Result(int pullRequests, int issues, int added, int alreadyStored, int linked) {}

  private final Gh gh;
  private final Store store;
  private final RecordScrubber scrubber;
  private final Consumer<String> problem;

  public GitHubCollect(Gh gh, Store store, Redactor redactor, Consumer<String> problem) {
    this.gh = gh;
    this.store = store;
    this.scrubber = new RecordScrubber(redactor);
    this.problem = problem;
  }

  /** The {@code limit} most recent pull requests and issues, in any state. */
  public Result collect(int limit) throws IOException {
    String n = Integer.toString(limit);
    JsonNode pulls =
        gh.json("pr", "list", "--state", "all", "--limit", n, "--json", GitHubRecords.PULL_FIELDS);
    JsonNode issues =
        gh.json(
            "issue", "list", "--state", "all", "--limit", n, "--json", GitHubRecords.ISSUE_FIELDS);
    return store(list(pulls), list(issues));
  }

  /** Pull request {@code number}. */
  public Result pullRequest(int number) throws IOException {
    JsonNode pull =
        gh.json("pr", "view", Integer.toString(number), "--json", GitHubRecords.PULL_FIELDS);
    return store(List.of(pull), List.of());
  }

  /** Issue {@code number}. */
  public Result issue(int number) throws IOException {
    JsonNode issue =
        gh.json("issue", "view", Integer.toString(number), "--json", GitHubRecords.ISSUE_FIELDS);
    return store(List.of(), List.of(issue));
  }

  private static List<JsonNode> list(JsonNode array) throws GhException {
    if (!array.isArray()) {
      throw new GhException("gh printed " + array.getNodeType() + " where a list was expected");
    }
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private Result store(List<JsonNode> pulls, List<JsonNode> issues) throws IOException {
    Set<String> commits = store.keys(RecordType.COMMIT);
    List<StoredRecord> records = new ArrayList<>();
    int linked = 0;
    int pullCount = 0;
    int issueCount = 0;
    for (JsonNode p : pulls) {
      try {
        PullRequest pr = GitHubRecords.pull(p);
        records.add(scrubber.record(pr));
        pullCount++;
        for (String[] c : GitHubRecords.commitTimes(p)) {
          if (commits.contains(c[0])) {
            records.add(
                scrubber.record(
                    new Link(Link.Kind.PULL_REQUEST_COMMIT, pr.ref(), c[0], c[1], "gh")));
            linked++;
          }
        }
      } catch (IllegalArgumentException e) {
        problem.accept("pull request left out: " + e.getMessage());
      }
    }
    for (JsonNode i : issues) {
      try {
        records.add(scrubber.record(GitHubRecords.issue(i)));
        issueCount++;
      } catch (IllegalArgumentException e) {
        problem.accept("issue left out: " + e.getMessage());
      }
    }
    Store.AppendResult r = records.isEmpty() ? new Store.AppendResult(0, 0) : store.append(records);
    return new Result(pullCount, issueCount, r.added(), r.skipped(), linked);
  }
}
