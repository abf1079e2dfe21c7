package dev.gitml.collector.github;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.Issue;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.PullRequest;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the stored GitHub data holds: pull requests and issues (each number once, as last stored),
 * by state, their reviews and comments, and the stored commits linked to pull requests.
 */
public record GitHubStats(
    int pullRequests,
    Map<String, Integer> pullRequestsByState,
    int reviews,
    int issues,
    Map<String, Integer> issuesByState,
    int comments,
    int linkedCommits) {

  public static GitHubStats of(Store store) throws IOException {
    Map<Integer, PullRequest> pulls = new HashMap<>();
    store.scan(PullRequest.class, r -> pulls.put(r.data().number(), r.data()));
    Map<Integer, Issue> issues = new HashMap<>();
    store.scan(Issue.class, r -> issues.put(r.data().number(), r.data()));
    Set<String> linked = new HashSet<>();
    store.scan(
        Link.class,
        r -> {
          if (r.data().kind() == Link.Kind.PULL_REQUEST_COMMIT) {
            linked.add(r.data().to());
          }
        });
    Map<String, Integer> pullStates = new TreeMap<>();
    int reviews = 0;
    int comments = 0;
    for (PullRequest p : pulls.values()) {
      pullStates.merge(state(p.state()), 1, Integer::sum);
      reviews += p.reviews().size();
      comments += p.comments().size();
    }
    Map<String, Integer> issueStates = new TreeMap<>();
    for (Issue i : issues.values()) {
      issueStates.merge(state(i.state()), 1, Integer::sum);
      comments += i.comments().size();
    }
    return new GitHubStats(
        pulls.size(), pullStates, reviews, issues.size(), issueStates, comments, linked.size());
  }

  private static String state(String s) {
    return s == null ? "unknown" : s.toLowerCase(java.util.Locale.ROOT);
  }
}
