package dev.gitml.collector.tasks;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.RecordType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The links from a commit to the tasks its message and branch name refer to ({@link
 * TaskReferences}). A GitHub reference ({@code #7}) names the stored issue ({@code issue#7}) or
 * pull request ({@code pull#7}) when {@code gitml github} has collected it, and stays {@code #7}
 * otherwise; {@code gitml link-tasks} after a collect adds the resolved link.
 */
public final class TaskLinks {
  /** Where a link was found: the message, or the branch name. */
  public static final String MESSAGE = "message";

  public static final String BRANCH = "branch";

  private final Set<String> issues;
  private final Set<String> pulls;

  private TaskLinks(Set<String> issues, Set<String> pulls) {
    this.issues = issues;
    this.pulls = pulls;
  }

  /** Links resolved against the GitHub records in {@code store}. */
  public static TaskLinks of(Store store) throws IOException {
    return new TaskLinks(store.keys(RecordType.ISSUE), store.keys(RecordType.PULL_REQUEST));
  }

  /** Links to tasks as written, for a store with no GitHub data. */
  public static TaskLinks unresolved() {
    return new TaskLinks(Set.of(), Set.of());
  }

  /** The task links of {@code c}, each task once (a completing mention wins). */
  public List<Link> of(CommitFull c) {
    return of(c.hash(), c.message(), c.branch(), c.timestamp());
  }

  /** The task links of the commit {@code hash}, made at {@code timestamp}. */
  public List<Link> of(String hash, String message, String branch, String timestamp) {
    Map<String, Link> links = new LinkedHashMap<>();
    for (TaskReferences.Ref r : TaskReferences.inMessage(message)) {
      links.put(r.task(), new Link(r.kind(), hash, resolve(r.task()), timestamp, MESSAGE));
    }
    for (TaskReferences.Ref r : TaskReferences.inBranch(branch)) {
      links.putIfAbsent(r.task(), new Link(r.kind(), hash, resolve(r.task()), timestamp, BRANCH));
    }
    return new ArrayList<>(links.values());
  }

  /** {@code #7} as the GitHub record it names, when one is stored. */
  String resolve(String task) {
    if (!task.startsWith("#")) {
      return task;
    }
    String number = task.substring(1);
    if (pulls.contains(number)) {
      return "pull#" + number;
    }
    return issues.contains(number) ? "issue#" + number : task;
  }
}
