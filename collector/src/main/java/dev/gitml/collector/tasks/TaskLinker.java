package dev.gitml.collector.tasks;

import dev.gitml.collector.redact.RecordScrubber;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.StoredRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code gitml link-tasks}: the task links of stored commits, made again with the GitHub data
 * stored now (a {@code #7} found at capture becomes {@code issue#7} once the issue is collected).
 * Links are content-hashed, so linking again stores only what is new.
 */
public final class TaskLinker {
  /** One commit's task links. */
  public record Found(String hash, String subject, List<Link> links) {}

  /** What a pass did: commits looked at, those with a reference, links new and already stored. */
  public record Result(int commits, List<Found> found, int added, int alreadyStored) {}

  private TaskLinker() {}

  /** Links every stored commit that {@code which} lets through; {@code dryRun} stores nothing. */
  public static Result link(Store store, Redactor redactor, Predicate<String> which, boolean dryRun)
      throws IOException {
    TaskLinks tasks = TaskLinks.of(store);
    List<Found> found = new ArrayList<>();
    Set<String> seen = new HashSet<>(); // a commit stored on two branches is linked once
    int[] commits = {0};
    store.scan(
        Commit.class,
        r -> {
          Commit c = r.data();
          if (!which.test(c.hash())) {
            return;
          }
          commits[0]++;
          List<Link> links = tasks.of(c.hash(), c.message(), c.branch(), c.timestamp());
          if (!links.isEmpty() && seen.add(c.hash())) {
            found.add(new Found(c.hash(), subject(c.message()), links));
          }
        });
    if (dryRun || found.isEmpty()) {
      return new Result(commits[0], found, 0, 0);
    }
    RecordScrubber scrubber = new RecordScrubber(redactor);
    List<StoredRecord> records = new ArrayList<>();
    for (Found f : found) {
      for (Link l : f.links()) {
        records.add(scrubber.record(l));
      }
    }
    Store.AppendResult r = store.append(records);
    return new Result(commits[0], found, r.added(), r.skipped());
  }

  /** The task links of one commit not stored (yet), as read from the repository. */
  public static Optional<Found> of(Store store, CommitFull c) throws IOException {
    List<Link> links = TaskLinks.of(store).of(c);
    return links.isEmpty()
        ? Optional.empty()
        : Optional.of(new Found(c.hash(), subject(c.message()), links));
  }

  private static String subject(String message) {
    return message == null ? "" : message.strip().lines().findFirst().orElse("");
  }
}
