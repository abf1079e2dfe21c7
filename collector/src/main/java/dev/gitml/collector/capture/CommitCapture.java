package dev.gitml.collector.capture;

import dev.gitml.collector.redact.RecordScrubber;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.tasks.TaskLinks;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.RecordData;
import dev.gitml.storage.record.StoredRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores commits: each as a lite record (stream {@code commits}) and a full one with its hunks
 * ({@code commits-full}), every text redacted first. Commits made only to store ML data are left
 * out (docs/architecture.md): a message starting with one of the configured prefixes, or changes
 * only under {@code .git-ml/}. Records are content-hashed, so capturing a commit again stores
 * nothing. What the commit's own message and branch say is stored with it: the commits it reverts
 * ({@link Reverts}) and the tasks it completes or refers to ({@link TaskLinks}).
 */
public final class CommitCapture {
  private final Store store;
  private final RecordScrubber scrubber;
  private final List<String> mlPrefixes;
  private final TaskLinks tasks;

  public CommitCapture(Store store, Redactor redactor) throws IOException {
    this.store = store;
    this.scrubber = new RecordScrubber(redactor);
    this.mlPrefixes = store.config().mlCommitPrefixes();
    this.tasks = TaskLinks.of(store);
  }

  /**
   * What a capture did: commits looked at, records newly stored and already there (a lite and a
   * full record per commit), commits left out as ML-only, and notes on what was left out.
   */
  public record Result(int commits, int added, int alreadyStored, int mlOnly, List<String> notes) {}

  /** Stores {@code commits} (read by {@link CommitReader}) in one append. */
  public Result store(List<CommitFull> commits) throws IOException {
    return store(commits, List.of());
  }

  /**
   * Stores {@code commits} and records about them (such as the links that mark amended commits
   * superseded) in one append, so either all of them are durable or none.
   */
  public Result store(List<CommitFull> commits, List<? extends RecordData> related)
      throws IOException {
    List<Prepared> prepared = new ArrayList<>(commits.size() + 1);
    for (CommitFull c : commits) {
      prepared.add(prepare(c));
    }
    if (!related.isEmpty()) {
      List<StoredRecord> records = new ArrayList<>(related.size());
      for (RecordData r : related) {
        records.add(scrubbed(r));
      }
      prepared.add(new Prepared(records, false, List.of()));
    }
    Result r = append(prepared);
    return new Result(commits.size(), r.added(), r.alreadyStored(), r.mlOnly(), r.notes());
  }

  /** A commit's records, redacted and hashed, ready to append; none for an ML-data commit. */
  public record Prepared(List<StoredRecord> records, boolean mlOnly, List<String> notes) {}

  /** Redacts and hashes a commit's records: the costly part, safe to run on many threads. */
  public Prepared prepare(CommitFull c) {
    return prepare(c, List.of());
  }

  /** As {@link #prepare(CommitFull)}, with records about the commit (its links) stored with it. */
  public Prepared prepare(CommitFull c, List<? extends RecordData> related) {
    List<String> notes = new ArrayList<>();
    if (c.notes() != null) {
      for (String n : c.notes()) {
        notes.add(c.hash().substring(0, 12) + " " + n);
      }
    }
    if (mlOnly(c)) {
      return new Prepared(List.of(), true, notes);
    }
    List<StoredRecord> records = new ArrayList<>(2 + related.size());
    records.add(scrubbed(c.lite()));
    records.add(scrubbed(c));
    for (RecordData r : related) {
      records.add(scrubbed(r));
    }
    for (Link l : Reverts.of(c)) {
      records.add(scrubbed(l));
    }
    for (Link l : tasks.of(c)) {
      records.add(scrubbed(l));
    }
    return new Prepared(records, false, notes);
  }

  /**
   * The link that marks {@code old} replaced by {@code c} (an amend, a rebase), stamped with the
   * new commit's own time so that every path that finds it (the post-rewrite event, the reflog of a
   * catch-up pass) stores the same record once.
   */
  public static Link supersedes(CommitFull c, String old, String how) {
    return new Link(Link.Kind.SUPERSEDES, c.hash(), old, c.timestamp(), how);
  }

  /** Appends prepared commits in one write. */
  public Result append(List<Prepared> prepared) throws IOException {
    List<StoredRecord> records = new ArrayList<>(prepared.size() * 2);
    List<String> notes = new ArrayList<>();
    int mlOnly = 0;
    for (Prepared p : prepared) {
      records.addAll(p.records());
      notes.addAll(p.notes());
      mlOnly += p.mlOnly() ? 1 : 0;
    }
    if (records.isEmpty()) {
      return new Result(prepared.size(), 0, 0, mlOnly, notes);
    }
    Store.AppendResult r = store.append(records);
    return new Result(prepared.size(), r.added(), r.skipped(), mlOnly, notes);
  }

  /** Secrets removed so far, by rule. */
  public RecordScrubber scrubber() {
    return scrubber;
  }

  /** Whether a commit only stores ML data: never captured, so hooks cannot loop. */
  public boolean mlOnly(CommitFull c) {
    for (String prefix : mlPrefixes) {
      if (!prefix.isEmpty() && c.message().startsWith(prefix)) {
        return true;
      }
    }
    return !c.filesChanged().isEmpty()
        && c.filesChanged().stream().allMatch(f -> f.startsWith(".git-ml/"));
  }

  private StoredRecord scrubbed(RecordData payload) {
    return scrubber.record(payload);
  }
}
