package dev.gitml.collector.daemon;

import dev.gitml.collector.assistant.Assistants;
import dev.gitml.collector.capture.Backfill;
import dev.gitml.collector.capture.CommitCapture;
import dev.gitml.collector.capture.CommitReader;
import dev.gitml.collector.capture.LinkCarry;
import dev.gitml.collector.inbox.Event;
import dev.gitml.collector.inbox.EventKind;
import dev.gitml.collector.inbox.Inbox;
import dev.gitml.collector.manual.ManualSession;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.collector.session.ClaudeProjects;
import dev.gitml.collector.session.SessionSource;
import dev.gitml.storage.ErrorText;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Link;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Works through the inbox: each whole event, oldest first, becomes records (the commits it names,
 * captured and redacted), and is deleted only once they are durable. Then, per repository, commits
 * reachable from HEAD that no hook reported ({@code git am}, a GUI client, events lost to a full
 * disk) are captured too, however many. One code path for the daemon and for {@code GITML_SYNC=1}.
 *
 * <p>A failure is retried with a growing delay ({@link Retries}); while one of a repository's
 * events waits, that repository's later events wait behind it (their order matters: an amend after
 * its commit), other repositories' go on. A failure to write the data (read-only, a full disk, a
 * broken config) is retried for as long as it lasts and shown in {@code gitml status}; what bounds
 * the waiting is the inbox's size, {@link #MAX_WAITING} events. An event that fails for another
 * reason {@link Retries#MAX_ATTEMPTS} times, runs the daemon out of memory, or was being processed
 * when {@link InFlight#MAX_CRASHES} daemons died is set aside with its reason.
 */
public final class EventProcessor {
  /** Stored commits in a row after which the catch-up walk stops. */
  static final int RECONCILE_DEPTH = 50;

  /** How often every registered repository is checked, events or not. */
  static final long SWEEP_MILLIS = 60_000;

  /** Events the inbox holds at most; past this, the oldest commit events are set aside. */
  static final int MAX_WAITING = 10_000;

  private final GitmlHome home;
  private final Inbox inbox;
  private final Clock clock;
  private final Consumer<String> log;
  private final AssistantEvents assistant;
  private final AssistantSweep sessions;
  private final Retries retries = new Retries();
  private final InFlight inFlight;

  /** Per registered repository, the HEAD its last reconciliation saw. */
  private final Map<Path, ObjectId> reconciledHead = new HashMap<>();

  /** The event a previous daemon died on, read at the first pass. */
  private InFlight.Crashed crashed;

  private boolean started;
  private long lastSweep = -1;

  public EventProcessor(
      GitmlHome home, ClaudeProjects projects, Clock clock, Consumer<String> log) {
    this(home, projects, List.of(projects), clock, log);
  }

  /**
   * A processor whose sweep also looks for sessions in {@code sources} (every assistant's default
   * location, {@link dev.gitml.collector.session.SessionSources#all}).
   */
  public EventProcessor(
      GitmlHome home,
      ClaudeProjects projects,
      List<SessionSource> sources,
      Clock clock,
      Consumer<String> log) {
    this.home = home;
    this.inbox = home.inbox();
    this.clock = clock;
    this.log = log;
    this.inFlight = new InFlight(home.inflightFile());
    OpenSessions open = new OpenSessions(home.openSessionsFile());
    this.assistant = new AssistantEvents(projects, open, clock, log);
    this.sessions = new AssistantSweep(sources, open, clock, log);
  }

  /**
   * What one pass did, the repositories whose events it processed, and for each event still
   * waiting, why.
   */
  public record Pass(
      int processed,
      int setAside,
      int waiting,
      int commits,
      int chats,
      List<Path> repos,
      List<String> why) {}

  /** What one event stored: commits captured, or an assistant's chats read. */
  private record Captured(int commits, int chats) {}

  /** Processes every whole event in the inbox now. */
  public Pass drain() throws IOException {
    DaemonState state = DaemonState.load(home.stateFile());
    Tally t = new Tally();
    Optional<String> untrusted = inbox.checkPrivate();
    if (untrusted.isPresent()) {
      state.error(clock.instant(), untrusted.get());
      state.save();
      log.accept(untrusted.get());
      return new Pass(0, 0, 0, 0, 0, List.of(), List.of(untrusted.get()));
    }
    if (!started) {
      started = true;
      try {
        crashed = inFlight.crashed();
      } catch (IOException e) {
        log.accept("inflight: " + ErrorText.of(e)); // no crash count: events are processed
      }
    }
    List<Inbox.Entry> entries = inbox.list();
    entries = overflow(entries, t);
    Set<Path> blocked = new HashSet<>();
    for (Inbox.Entry entry : entries) {
      process(entry, state, blocked, t);
    }
    for (Path repo : t.touched) {
      t.caughtUp += reconcile(repo);
    }
    if (lastSweep < 0 || clock.millis() - lastSweep >= SWEEP_MILLIS) {
      lastSweep = clock.millis();
      for (Path repo : home.repositories().list()) {
        if (!t.touched.contains(repo)) {
          t.caughtUp += reconcile(repo);
        }
        t.chats += sessions.sweep(repo);
      }
      assistant.finishIdle();
    }
    if (t.processed > 0) {
      state.captured(clock.instant(), t.processed);
    }
    if (t.caughtUp > 0) {
      state.caughtUp(clock.instant());
    }
    if (t.processed > 0 && t.waiting == 0) {
      state.recovered(clock.instant());
    }
    if (t.processed > 0 || t.setAside > 0 || t.waiting > 0 || t.caughtUp > 0) {
      state.save();
    }
    return new Pass(
        t.processed, t.setAside, t.waiting, t.commits + t.caughtUp, t.chats, t.touched, t.why);
  }

  /** Counts of one pass. */
  private static final class Tally {
    int processed;
    int setAside;
    int waiting;
    int commits;
    int chats;
    int caughtUp;
    final List<Path> touched = new ArrayList<>();
    final List<String> why = new ArrayList<>();

    void waits(String reason) {
      waiting++;
      if (why.size() < 20) {
        why.add(reason);
      }
    }
  }

  /**
   * Past {@link #MAX_WAITING} events, sets aside the oldest commit events (the catch-up pass finds
   * their commits again), so a long outage cannot fill the disk with events.
   */
  private List<Inbox.Entry> overflow(List<Inbox.Entry> entries, Tally t) throws IOException {
    int over = entries.size() - MAX_WAITING;
    if (over <= 0) {
      return entries;
    }
    List<Inbox.Entry> kept = new ArrayList<>(entries.size());
    for (Inbox.Entry e : entries) {
      if (over > 0 && e.refusal() == null && e.complete() && isCommitEvent(e.file())) {
        reject(
            e.file(),
            e.file().getFileName()
                + ": the inbox holds over "
                + MAX_WAITING
                + " events; its commit is found again by the catch-up pass");
        t.setAside++;
        over--;
      } else {
        kept.add(e);
      }
    }
    return kept;
  }

  private static boolean isCommitEvent(Path file) {
    try {
      return Event.read(file).kind() instanceof EventKind.CommitMade;
    } catch (IOException e) {
      return false;
    }
  }

  private void process(Inbox.Entry entry, DaemonState state, Set<Path> blocked, Tally t)
      throws IOException {
    String name = entry.file().getFileName().toString();
    if (entry.refusal() != null) {
      reject(entry.file(), entry.refusal());
      t.setAside++;
      return;
    }
    if (!entry.complete()) {
      if (clock.millis() - entry.mtime() > Inbox.TORN_AFTER_MILLIS) {
        reject(
            entry.file(),
            name + ": cut short (no end marker after " + Inbox.TORN_AFTER_MILLIS / 1000 + " s)");
        t.setAside++;
      } else {
        t.waits(
            name
                + ": being written (or cut short: set aside "
                + Inbox.TORN_AFTER_MILLIS / 1000
                + " s after it was last written)");
      }
      return;
    }
    Event event;
    try {
      event = Event.read(entry.file());
    } catch (Event.FormatException e) {
      reject(entry.file(), e.getMessage());
      t.setAside++;
      return;
    }
    if (blocked.contains(event.repo())) {
      t.waits(name + ": waits behind an earlier event of " + event.repo());
      return;
    }
    Retries.Failure later = retries.waiting(name, clock.millis());
    if (later != null) {
      blocked.add(event.repo());
      t.waits(
          name
              + ": tried "
              + later.attempts()
              + " times, again in "
              + Math.max(1, (later.nextMillis() - clock.millis()) / 1000)
              + " s: "
              + later.message());
      return;
    }
    int crashes = crashed != null && crashed.event().equals(name) ? crashed.times() + 1 : 0;
    if (crashes >= InFlight.MAX_CRASHES) {
      rejectEvent(
          event,
          entry.file(),
          name
              + ": the daemon stopped "
              + crashes
              + " times while processing"
              + " it (out of memory, or killed)");
      t.setAside++;
      clearInFlight();
      return;
    }
    try {
      inFlight.start(name, crashes);
    } catch (IOException e) {
      // the home cannot be written (a full disk): the event is still processed, only a crash
      // on it would go unnoticed
      log.accept("inflight: " + ErrorText.of(e));
    }
    try {
      Optional<Captured> n = handle(event);
      if (n.isEmpty()) {
        inbox.setAside(
            entry.file(),
            Inbox.DEFERRED,
            "event " + event.type() + " is handled by a later version of gitml");
        log.accept(name + ": " + event.type() + " deferred");
        t.setAside++;
      } else {
        t.commits += n.get().commits();
        t.chats += n.get().chats();
        inbox.delete(entry.file());
        t.processed++;
        if (!t.touched.contains(event.repo())) {
          t.touched.add(event.repo());
        }
      }
      retries.done(name);
    } catch (NotSetUpException | ClaudeProjects.RefusedException | Event.FormatException e) {
      rejectEvent(event, entry.file(), name + ": " + e.getMessage());
      retries.done(name);
      t.setAside++;
    } catch (OutOfMemoryError e) {
      // the heap is shared (a command the daemon runs for a client, a hand-off): the event is
      // tried once more later, and set aside as too big for this daemon only the second time
      IOException tooBig =
          new IOException(
              "ran the daemon out of memory ("
                  + Runtime.getRuntime().maxMemory() / (1 << 20)
                  + " MB heap)");
      retry(event, entry, name, tooBig, 2, state, blocked, t);
    } catch (IOException | RuntimeException e) {
      retry(event, entry, name, e, 0, state, blocked, t);
    } finally {
      if (crashed != null && crashed.event().equals(name)) {
        crashed = null;
      }
      clearInFlight();
    }
  }

  /**
   * An event that failed: told in the daemon's state and log, then tried again later (its
   * repository waits this pass) or, once {@link Retries#givesUp} (or {@code maxAttempts}, when
   * positive) says so, set aside.
   */
  private void retry(
      Event event,
      Inbox.Entry entry,
      String name,
      Exception e,
      int maxAttempts,
      DaemonState state,
      Set<Path> blocked,
      Tally t)
      throws IOException {
    Path dataDir = event.repo().resolve(".git-ml");
    Retries.Failure f = retries.failed(name, e, dataDir, clock.millis());
    String message = name + " (" + event.repo() + "): " + f.message();
    state.error(clock.instant(), (f.outage() ? "cannot write: " : "") + message);
    log.accept("failed: " + message);
    if (maxAttempts > 0 ? f.attempts() >= maxAttempts : Retries.givesUp(f)) {
      rejectEvent(event, entry.file(), "failed " + f.attempts() + " times, last: " + f.message());
      retries.done(name);
      t.setAside++;
    } else {
      blocked.add(event.repo());
      t.waits(
          name
              + ": failed ("
              + f.attempts()
              + " times), again in "
              + (f.nextMillis() - clock.millis()) / 1000
              + " s: "
              + f.message());
    }
  }

  /** Captures what an event names; empty for an event type this version does not handle. */
  private Optional<Captured> handle(Event event) throws IOException {
    EventKind kind = event.kind();
    if (kind instanceof EventKind.CommitMade made) {
      return Optional.of(new Captured(capture(event, List.of(made.revision()), Map.of(), ""), 0));
    } else if (kind instanceof EventKind.Rewritten rewritten) {
      Map<String, List<String>> newToOlds = rewritten.newToOlds(event);
      return Optional.of(
          new Captured(
              capture(event, List.copyOf(newToOlds.keySet()), newToOlds, rewritten.source()), 0));
    } else if (kind instanceof EventKind.AssistantHook hook
        && hook.assistant().equals(AssistantEvents.CLAUDE)) {
      return Optional.of(new Captured(0, assistant.handle(event, hook.hook())));
    } else if (kind instanceof EventKind.AssistantHook hook
        && Assistants.byEventPrefix(hook.assistant()).isPresent()) {
      // another assistant's hook names no transcript: its sessions of this repository are looked
      // for where it keeps them
      workspace(event.repo());
      String name = Assistants.byEventPrefix(hook.assistant()).get();
      boolean ended = hook.hook().equalsIgnoreCase("SessionEnd");
      return Optional.of(new Captured(0, sessions.sweep(event.repo(), name, ended)));
    }
    return Optional.empty(); // an assistant this version does not know, or a later gitml's type
  }

  /**
   * Captures {@code revisions} of the event's repository, with a {@code supersedes} link (from
   * {@code how}) for each that replaced an older commit; returns the commits captured.
   */
  private int capture(
      Event event, List<String> revisions, Map<String, List<String>> rewritten, String how)
      throws IOException {
    Workspace ws = workspace(event.repo());
    try (Store store = Store.open(ws.dataDir());
        Repository repo = ws.openRepository();
        RevWalk walk = new RevWalk(repo);
        CommitReader reader = new CommitReader(repo)) {
      // the branch the launcher read from HEAD when git ran the hook; a detached HEAD that is
      // not a rebase names none (where HEAD is now may be a branch checked out since)
      String branch = event.branch().isEmpty() ? null : event.branch();
      List<CommitFull> commits = new ArrayList<>();
      List<Link> links = new ArrayList<>();
      for (String rev : revisions) {
        ObjectId id = repo.resolve(rev);
        if (id != null) {
          CommitFull c = reader.read(walk.parseCommit(id), branch);
          commits.add(c);
          for (String old : rewritten.getOrDefault(c.hash(), List.of())) {
            // the new commit's own time, so a replayed event stores the same link once
            links.add(CommitCapture.supersedes(c, old, how));
          }
        }
      }
      links.addAll(manualSessionLinks(ws, commits));
      // the chats and sessions linked to the replaced commits are linked to their replacements
      links.addAll(LinkCarry.carried(store, links));
      CommitCapture.Result r =
          new CommitCapture(store, Redactor.configured(store.config())).store(commits, links);
      log.accept(
          event.name()
              + ": "
              + event.type()
              + " "
              + event.repo()
              + ": "
              + r.added()
              + " new records");
      return r.commits() - r.mlOnly();
    }
  }

  /**
   * The links of {@code commits} to the manual session open in the repository ({@code gitml session
   * start}); a damaged session state loses only these links, logged, never the commits.
   */
  private List<Link> manualSessionLinks(Workspace ws, List<CommitFull> commits) {
    try {
      return ManualSession.linksFor(ws.dataDir(), commits);
    } catch (IOException e) {
      log.accept("manual session: " + ErrorText.of(e));
      return List.of();
    }
  }

  /**
   * Captures the commits from HEAD that no hook reported, back to the last run of stored ones, with
   * the branch and amends the reflogs name. A repository whose HEAD has not moved since it was last
   * reconciled costs one ref lookup.
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
          List<RevCommit> missing = Backfill.missing(repo, store, RECONCILE_DEPTH);
          int captured = 0;
          if (!missing.isEmpty()) {
            Backfill.Result r =
                Backfill.run(repo, store, Redactor.configured(store.config()), missing, 1, n -> {});
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
    Optional<Workspace> ws =
        java.nio.file.Files.isDirectory(repo) ? Workspace.find(repo) : Optional.empty();
    if (ws.isEmpty() || ws.get().gitDir() == null || !ws.get().dataDir().exists()) {
      throw new NotSetUpException(repo + ": not a repository set up with gitml init");
    }
    return ws.get();
  }

  /** Forgets the event in flight; a failure to (a full disk) is logged, never the event's. */
  private void clearInFlight() {
    try {
      inFlight.done();
    } catch (IOException e) {
      log.accept("inflight: " + ErrorText.of(e));
    }
  }

  /** Sets aside an event that was read: an assistant's without its body (its input). */
  private void rejectEvent(Event event, Path file, String reason) throws IOException {
    if (event.kind() instanceof EventKind.AssistantHook) {
      inbox.setAsideWithoutBody(file, Inbox.REJECTED, reason, event.bodyOffset());
      log.accept("set aside: " + reason);
    } else {
      reject(file, reason);
    }
  }

  private void reject(Path file, String reason) throws IOException {
    inbox.setAside(file, Inbox.REJECTED, reason);
    log.accept("set aside: " + reason);
  }

  /** The event's repository is gone or was never set up: its events are set aside. */
  static final class NotSetUpException extends IOException {
    private static final long serialVersionUID = 1L;

    NotSetUpException(String message) {
      super(message);
    }
  }
}
