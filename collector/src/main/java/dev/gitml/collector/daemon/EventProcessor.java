package dev.gitml.collector.daemon;

import dev.gitml.collector.capture.Backfill;
import dev.gitml.collector.capture.CommitCapture;
import dev.gitml.collector.capture.CommitReader;
import dev.gitml.collector.inbox.Event;
import dev.gitml.collector.inbox.Inbox;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.collector.session.ClaudeProjects;
import dev.gitml.storage.ErrorText;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Link;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Works through the inbox: each whole event, oldest first, becomes records (the commits it
 * names, captured and redacted), and is deleted only once they are durable. Then, per
 * repository, commits reachable from HEAD that no hook reported ({@code git am}, a GUI client)
 * are captured too. One code path for the daemon and for {@code GITML_SYNC=1}.
 *
 * <p>A failure to write (a read-only data directory, a full disk) leaves the event where it is
 * and is recorded in the state for {@code gitml status}; after {@link #MAX_ATTEMPTS} failures of
 * one event it is set aside, so one bad event cannot block the queue.
 */
public final class EventProcessor {
  static final int MAX_ATTEMPTS = 5;
  /** Newest commits from HEAD checked for ones no hook reported. */
  static final int RECONCILE_DEPTH = 50;
  /** How often every registered repository is checked, events or not. */
  static final long SWEEP_MILLIS = 60_000;
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

  private final GitmlHome home;
  private final Inbox inbox;
  private final Clock clock;
  private final Consumer<String> log;
  private final AssistantEvents assistant;
  private final Map<String, Integer> attempts = new HashMap<>();
  /** Per registered repository, the HEAD its last reconciliation saw. */
  private final Map<Path, ObjectId> reconciledHead = new HashMap<>();
  private long lastSweep = -1;

  public EventProcessor(GitmlHome home, ClaudeProjects projects, Clock clock,
      Consumer<String> log) {
    this.home = home;
    this.inbox = home.inbox();
    this.clock = clock;
    this.log = log;
    this.assistant = new AssistantEvents(projects, new OpenSessions(home.openSessionsFile()),
        clock, log);
  }

  /** What one pass did, and the repositories whose events it processed. */
  public record Pass(int processed, int setAside, int waiting, int commits, List<Path> repos) {}

  /** Processes every whole event in the inbox now. */
  public Pass drain() throws IOException {
    DaemonState state = DaemonState.load(home.stateFile());
    int processed = 0;
    int setAside = 0;
    int waiting = 0;
    int commits = 0;
    List<Path> touched = new ArrayList<>();
    for (Inbox.Entry entry : inbox.list()) {
      String name = entry.file().getFileName().toString();
      if (!entry.complete()) {
        if (clock.millis() - entry.mtime() > Inbox.TORN_AFTER_MILLIS) {
          reject(entry.file(), name + ": cut short (no end marker after "
              + Inbox.TORN_AFTER_MILLIS / 1000 + " s)");
          setAside++;
        } else {
          waiting++;
        }
        continue;
      }
      Event event;
      try {
        event = Event.read(entry.file());
      } catch (Event.FormatException e) {
        reject(entry.file(), e.getMessage());
        setAside++;
        continue;
      }
      try {
        Optional<Integer> n = handle(event);
        if (n.isEmpty()) {
          inbox.setAside(entry.file(), "deferred",
              "event " + event.type() + " is handled by a later version of gitml");
          log.accept(name + ": " + event.type() + " deferred");
          setAside++;
          continue;
        }
        commits += n.get();
        inbox.delete(entry.file());
        attempts.remove(name);
        processed++;
        if (!touched.contains(event.repo())) {
          touched.add(event.repo());
        }
      } catch (NotSetUpException | ClaudeProjects.RefusedException | Event.FormatException e) {
        reject(entry.file(), name + ": " + e.getMessage());
        setAside++;
      } catch (IOException | RuntimeException e) {
        String message = name + " (" + event.repo() + "): " + ErrorText.of(e);
        state.error(clock.instant(), message);
        log.accept("failed: " + message);
        int tries = attempts.merge(name, 1, Integer::sum);
        if (tries >= MAX_ATTEMPTS) {
          reject(entry.file(), "failed " + tries + " times, last: " + ErrorText.of(e));
          attempts.remove(name);
          setAside++;
        } else {
          waiting++;
          break; // keep the order: later events wait for this one
        }
      }
    }
    for (Path repo : touched) {
      commits += reconcile(repo);
    }
    if (lastSweep < 0 || clock.millis() - lastSweep >= SWEEP_MILLIS) {
      lastSweep = clock.millis();
      for (Path repo : home.repositories().list()) {
        if (!touched.contains(repo)) {
          commits += reconcile(repo);
        }
      }
      assistant.finishIdle();
    }
    if (processed > 0) {
      state.captured(clock.instant(), processed);
      if (waiting == 0) {
        state.clearErrors();
      }
    }
    if (processed > 0 || setAside > 0 || waiting > 0) {
      state.save();
    }
    return new Pass(processed, setAside, waiting, commits, touched);
  }

  /** Captures what an event names; empty for an event type this version does not handle. */
  private Optional<Integer> handle(Event event) throws IOException {
    List<String> revisions = new ArrayList<>();
    Map<String, String> rewritten = new LinkedHashMap<>(); // new commit -> old commit
    switch (event.type()) {
      case "post-commit", "post-merge" -> revisions.add(
          event.head().matches("[0-9a-f]{40}") ? event.head() : "HEAD");
      case "post-rewrite" -> {
        // stdin: "<old-sha> <new-sha> [<extra>]" per rewritten commit
        for (String line : event.body().split("\n")) {
          String[] parts = line.trim().split("\\s+");
          if (parts.length >= 2 && SHA.matcher(parts[0]).matches()
              && SHA.matcher(parts[1]).matches() && !parts[0].equals(parts[1])) {
            revisions.add(parts[1]);
            rewritten.putIfAbsent(parts[1], parts[0]);
          }
        }
      }
      default -> {
        if (event.type().startsWith("claude:")) {
          return Optional.of(assistant.handle(event));
        }
        return Optional.empty();
      }
    }
    Workspace ws = workspace(event.repo());
    try (Store store = Store.open(ws.dataDir()); Repository repo = ws.openRepository();
        RevWalk walk = new RevWalk(repo); CommitReader reader = new CommitReader(repo)) {
      String branch = event.branch().isEmpty() ? CommitReader.currentBranch(repo) : event.branch();
      List<CommitFull> commits = new ArrayList<>();
      List<Link> links = new ArrayList<>();
      String how = "post-rewrite" + (event.args().isBlank() ? "" : " " + event.args().trim());
      for (String rev : revisions) {
        ObjectId id = repo.resolve(rev);
        if (id != null) {
          CommitFull c = reader.read(walk.parseCommit(id), branch);
          commits.add(c);
          String old = rewritten.get(c.hash());
          if (old != null) {
            // the new commit's own time, so a replayed event stores the same link once
            links.add(new Link("supersedes", c.hash(), old, c.timestamp(), how));
          }
        }
      }
      CommitCapture.Result r = new CommitCapture(store, Redactor.configured(store.config()))
          .store(commits, links);
      log.accept(event.name() + ": " + event.type() + " " + event.repo() + ": " + r.added()
          + " new records");
      return Optional.of(r.commits() - r.mlOnly());
    }
  }

  /**
   * Captures recent commits from HEAD that no hook reported. A repository whose HEAD has not
   * moved since it was last reconciled costs one ref lookup.
   */
  private int reconcile(Path repoPath) {
    try {
      Workspace ws = workspace(repoPath);
      try (Repository repo = ws.openRepository()) {
        ObjectId head = repo.resolve("HEAD");
        if (head == null || head.equals(reconciledHead.get(repoPath))) {
          return 0;
        }
        try (Store store = Store.open(ws.dataDir())) {
          List<RevCommit> missing = Backfill.pending(repo, store,
              new Backfill.Options(RECONCILE_DEPTH, null, 1));
          int captured = 0;
          if (!missing.isEmpty()) {
            Backfill.Result r = Backfill.run(repo, store, Redactor.configured(store.config()),
                missing, 1, n -> { });
            log.accept(repoPath + ": reconciled " + r.commits() + " commits no hook reported");
            captured = r.commits() - r.mlOnly();
          }
          reconciledHead.put(repoPath, head);
          return captured;
        }
      }
    } catch (NotSetUpException e) {
      return 0; // a registered repository that was removed or uninstalled since
    } catch (IOException | RuntimeException e) {
      log.accept("reconcile " + repoPath + " failed: " + ErrorText.of(e));
      return 0;
    }
  }

  static Workspace workspace(Path repo) throws IOException {
    Optional<Workspace> ws = java.nio.file.Files.isDirectory(repo) ? Workspace.find(repo)
        : Optional.empty();
    if (ws.isEmpty() || ws.get().gitDir() == null || !ws.get().dataDir().exists()) {
      throw new NotSetUpException(repo + ": not a repository set up with gitml init");
    }
    return ws.get();
  }

  private void reject(Path file, String reason) throws IOException {
    inbox.setAside(file, "rejected", reason);
    log.accept("set aside: " + reason);
  }

  /** The event's repository is gone or was never set up: its events are set aside. */
  static final class NotSetUpException extends IOException {
    NotSetUpException(String message) {
      super(message);
    }
  }
}
