package dev.gitml.collector.session;

import dev.gitml.collector.capture.LinkCarry;
import dev.gitml.collector.redact.RecordScrubber;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.storage.ErrorText;
import dev.gitml.storage.Store;
import dev.gitml.storage.config.ConfigException;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.RecordData;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a session transcript into records: chats and tool uses as the session goes (each read
 * starts where the last one stopped, kept as a cursor in the index), and when it ends, the
 * session's summary, its subagents' chats, and links from the session and its chats to the commits
 * made meanwhile. Every record is redacted before it is stored; records are content-hashed, so
 * reading a transcript again stores nothing twice.
 */
public final class SessionIngest {
  /** Commits this long after a session's last line still count as made during it. */
  static final long COMMIT_SLACK_MILLIS = 10 * 60_000;

  /**
   * How far from a session's start a commit it names is looked for, for its time: Aider's start
   * time is local time read in this machine's zone, and a session may run for days.
   */
  static final long NAMED_WINDOW_MILLIS = 7L * 24 * 3_600_000;

  /**
   * Characters of records held before they are stored: what a batch costs while it is redacted,
   * serialized and compressed is the swing in the daemon's live heap (TranscriptMemoryBench).
   */
  static final long BATCH_CHARS = 1_000_000;

  /**
   * Characters of records held by {@link #finishAll}, {@code gitml sessions import} in a JVM of its
   * own, not the daemon's heap: a batch this large fills a whole segment, so the store writes it
   * straight into a sealed chunk (no open segment written, fsynced, read back and sealed), with an
   * fsync and an index commit per 8 M characters, not per 1 M.
   */
  static final long IMPORT_BATCH_CHARS = 8_000_000;

  private final Store store;
  private final Path repoRoot;
  private final RecordScrubber scrubber;
  private List<Path> linkedTrees;
  private List<Path> onlyIn;

  /** The commits of the ingest under way ({@link #finish}, {@link #finishAll}), read once. */
  private NearbyCommits commits;

  /** An ingest that redacts with the rules of the store's {@code config.json}. */
  public static SessionIngest configured(Store store, Path repoRoot) throws ConfigException {
    return new SessionIngest(store, repoRoot, Redactor.configured(store.config()));
  }

  public SessionIngest(Store store, Path repoRoot, Redactor redactor) {
    this.store = store;
    this.repoRoot = repoRoot;
    this.scrubber = new RecordScrubber(redactor);
  }

  /**
   * Reads, of a database of sessions (OpenCode's {@code opencode.db}), only the sessions that ran
   * in {@code workTrees} or below by the directory it records (a session with none is read): the
   * repository's own, when the database is found in the assistant's folder rather than named.
   */
  public SessionIngest onlyIn(List<Path> workTrees) {
    this.onlyIn = List.copyOf(workTrees);
    return this;
  }

  private boolean wanted(SessionDatabase.Entry e) {
    return onlyIn == null || e.directory() == null || SessionFolders.inside(e.directory(), onlyIn);
  }

  /**
   * What one ingest stored.
   *
   * @param garbage lines skipped: not JSON objects, or too large to keep even when cut; and records
   *     that could not be redacted (never stored unredacted)
   * @param refused files not read (outside the transcript's folder by their real path, or not
   *     regular files), one line each with the reason, for the caller to log
   */
  public record Result(
      int chats,
      int actions,
      int sessions,
      int links,
      int garbage,
      int added,
      List<String> refused) {
    public Result {
      refused = List.copyOf(refused);
    }
  }

  /**
   * Reads what was appended to {@code transcript} since the last read; of a database of sessions,
   * the sessions that changed since.
   */
  public Result update(Path transcript) throws IOException {
    String cursor = cursorName(transcript);
    Path real = transcript.toRealPath();
    Optional<SessionDatabase> database = TranscriptFormats.databaseFor(real);
    if (database.isPresent()) {
      try (SessionDatabase db = database.get()) {
        return updateDatabase(db, real, cursor);
      }
    }
    TranscriptReader reader = TranscriptFormats.readerFor(real);
    try (IngestQueue batch = new IngestQueue(store, scrubber, BATCH_CHARS)) {
      TranscriptReader.Reading r =
          reader.read(real, store.cursor(cursor), scope(), false, batch::add);
      batch.flush();
      store.setCursor(cursor, r.next());
      return new Result(
          r.chats(),
          r.actions(),
          0,
          0,
          r.garbage() + batch.dropped(null),
          batch.added(),
          List.of());
    }
  }

  /** Each session whose change stamp differs from its cursor's, read again but its last chat. */
  private Result updateDatabase(SessionDatabase db, Path real, String cursor) throws IOException {
    try (IngestQueue batch = new IngestQueue(store, scrubber, BATCH_CHARS)) {
      int chats = 0;
      int actions = 0;
      int garbage = 0;
      for (SessionDatabase.Entry e : db.sessions()) {
        String name = cursor + "#" + e.id();
        if (!wanted(e)) {
          continue;
        }
        if (e.updated() != 0 && store.cursor(name) == e.updated()) {
          continue;
        }
        TranscriptReader.Reading r;
        try {
          r = db.session(e.id()).read(real, 0, scope(), false, batch::add);
        } catch (IOException | RuntimeException unreadable) {
          batch.rethrowStoreFailure();
          garbage++; // one session gone or unreadable: the others are still read
          continue;
        }
        chats += r.chats();
        actions += r.actions();
        garbage += r.garbage();
        batch.flush();
        store.setCursor(name, e.updated());
      }
      return new Result(
          chats, actions, 0, 0, garbage + batch.dropped(null), batch.added(), List.of());
    }
  }

  /**
   * Reads the whole session (it ended, or is imported): every chat including the last, its
   * subagents' chats, the session summary, and the links to commits. Records are stored as they
   * come, in batches, so memory does not grow with the transcript; the subagents' transcripts are
   * read only from the session's own folder, by their real paths.
   */
  public Result finish(Path transcript) throws IOException {
    return finish(transcript, null);
  }

  /**
   * As {@link #finish(Path)}, read by the reader of the assistant named {@code assistant} (its name
   * in records) whatever the file's format looks like; null: the reader its format tells. A
   * database of sessions is always read by its own kind.
   */
  public Result finish(Path transcript, String assistant) throws IOException {
    return finish(transcript, assistant, BATCH_CHARS);
  }

  private Result finish(Path transcript, String assistant, long batchChars) throws IOException {
    NearbyCommits outer = commits;
    commits = outer != null ? outer : new NearbyCommits(store);
    try {
      return finishOnce(transcript, assistant, batchChars);
    } finally {
      commits = outer;
    }
  }

  private Result finishOnce(Path transcript, String assistant, long batchChars) throws IOException {
    Path real = transcript.toRealPath();
    Optional<SessionDatabase> database = TranscriptFormats.databaseFor(real);
    if (database.isEmpty()) {
      return finish(real, readerFor(real, assistant), cursorName(transcript));
    }
    try (SessionDatabase db = database.get()) {
      // one batch for all its sessions: a database of many small sessions is not an fsync each
      try (IngestQueue batch = new IngestQueue(store, scrubber, batchChars)) {
        Map<String, Long> cursors = new LinkedHashMap<>();
        Result sum = new Result(0, 0, 0, 0, 0, 0, List.of());
        for (SessionDatabase.Entry e : db.sessions()) {
          if (!wanted(e)) {
            continue;
          }
          Finished r;
          try {
            r = finish(real, db.session(e.id()), batch);
          } catch (IOException | RuntimeException unreadable) {
            batch.rethrowStoreFailure();
            List<String> refused = new ArrayList<>(sum.refused());
            refused.add("session " + e.id() + " of " + real + ": " + ErrorText.of(unreadable));
            sum =
                new Result(
                    sum.chats(),
                    sum.actions(),
                    sum.sessions(),
                    sum.links(),
                    sum.garbage() + 1,
                    0,
                    refused);
            continue;
          }
          cursors.put(cursorName(transcript) + "#" + e.id(), e.updated());
          List<String> refused = new ArrayList<>(sum.refused());
          refused.addAll(r.refused());
          sum =
              new Result(
                  sum.chats() + r.chats(),
                  sum.actions() + r.actions(),
                  sum.sessions() + r.sessions(),
                  sum.links() + r.links(),
                  sum.garbage() + r.garbage(),
                  0,
                  refused);
        }
        batch.flush();
        for (Map.Entry<String, Long> c : cursors.entrySet()) {
          store.setCursor(c.getKey(), c.getValue());
        }
        return new Result(
            sum.chats(),
            sum.actions(),
            sum.sessions(),
            sum.links(),
            sum.garbage() + batch.dropped(null),
            batch.added(),
            sum.refused());
      }
    }
  }

  /**
   * The reader of {@code real}: the one its format tells, unless {@code assistant} (not null) names
   * another, whose reader is then forced.
   */
  private static TranscriptReader readerFor(Path real, String assistant) throws IOException {
    TranscriptReader guessed = TranscriptFormats.readerFor(real);
    if (assistant == null || guessed.assistant().equals(assistant)) {
      return guessed;
    }
    return TranscriptFormats.named(assistant)
        .orElseThrow(() -> new IOException("no reader for " + assistant));
  }

  /** What {@link #finishAll} tells of each transcript, as it is stored or fails. */
  public interface Outcome {
    void finished(Path transcript, Result result);

    void failed(Path transcript, Exception e);
  }

  /**
   * Reads each transcript whole, as {@link #finish(Path)} does, but stores the records of all of
   * them in shared batches: an import of many small sessions (Cline tasks, Copilot sessions,
   * OpenCode's tree) pays one fsync per record stream for each batch, not for each session. Each
   * transcript's cursor advances only once its records are stored, and only then is it told as
   * finished; a transcript that fails is told as failed, the others go on. Returns the records
   * added in all.
   */
  public int finishAll(List<Path> transcripts, Outcome outcome) throws IOException {
    return finishAll(transcripts, null, outcome);
  }

  /**
   * As {@link #finishAll(List, Outcome)}, each read by the reader of {@code assistant} where its
   * format tells another assistant's (null: the reader its format tells).
   */
  public int finishAll(List<Path> transcripts, String assistant, Outcome outcome)
      throws IOException {
    commits = new NearbyCommits(store);
    try {
      return finishAllOnce(transcripts, assistant, outcome);
    } finally {
      commits = null;
    }
  }

  private int finishAllOnce(List<Path> transcripts, String assistant, Outcome outcome)
      throws IOException {
    try (IngestQueue batch = new IngestQueue(store, scrubber, IMPORT_BATCH_CHARS)) {
      Map<Path, Finished> read = new LinkedHashMap<>();
      int added = 0;
      for (Path t : transcripts) {
        try {
          Path real = t.toRealPath();
          if (TranscriptFormats.databaseFor(real).isPresent()) {
            Result r = finish(t, null, IMPORT_BATCH_CHARS); // a database batches its sessions
            added += r.added();
            outcome.finished(t, r);
            continue;
          }
          batch.source(t);
          read.put(t, finish(real, readerFor(real, assistant), batch));
        } catch (IOException | RuntimeException e) {
          outcome.failed(t, e);
        }
      }
      try {
        batch.flush();
      } catch (IOException | RuntimeException e) {
        read.keySet().forEach(t -> outcome.failed(t, e));
        return added + batch.added();
      }
      for (Map.Entry<Path, Finished> e : read.entrySet()) {
        Finished r = e.getValue();
        try {
          store.setCursor(cursorName(e.getKey()), r.next());
          outcome.finished(
              e.getKey(),
              new Result(
                  r.chats(),
                  r.actions(),
                  r.sessions(),
                  r.links(),
                  r.garbage() + batch.dropped(e.getKey()),
                  0,
                  r.refused()));
        } catch (IOException | RuntimeException failure) {
          outcome.failed(e.getKey(), failure);
        }
      }
      return added + batch.added();
    }
  }

  private Result finish(Path real, TranscriptReader reader, String cursor) throws IOException {
    try (IngestQueue batch = new IngestQueue(store, scrubber, BATCH_CHARS)) {
      Finished r = finish(real, reader, batch);
      batch.flush();
      store.setCursor(cursor, r.next());
      return new Result(
          r.chats(),
          r.actions(),
          r.sessions(),
          r.links(),
          r.garbage() + batch.dropped(null),
          batch.added(),
          r.refused());
    }
  }

  /** One session read whole into {@code batch}, not flushed; {@code next} is where it ended. */
  private Finished finish(Path real, TranscriptReader reader, IngestQueue batch)
      throws IOException {
    Confinement confinement = Confinement.to(real.getParent());
    PathScope scope = scope();
    SessionSummary summary = new SessionSummary();
    Map<String, SessionSummary> perSession = new HashMap<>();
    TranscriptReader.Reading main =
        reader.read(
            real,
            0,
            scope,
            true,
            r -> {
              (reader.manySessions() ? summaryOf(perSession, r) : summary).main(r);
              batch.add(r);
            });
    TranscriptReader.SessionFacts facts = main.facts();
    int chats = main.chats();
    int actions = main.actions();
    int garbage = main.garbage();
    TranscriptReader subReader = new ClaudeTranscript(facts.agents());
    for (Path sub : reader.subagentTranscripts(real, confinement)) {
      TranscriptReader.Reading r =
          subReader.read(
              sub,
              0,
              scope.withCwd(facts.cwd()),
              true,
              rec -> {
                summary.subagent(rec);
                batch.add(rec);
              });
      chats += r.chats();
      actions += r.actions();
      garbage += r.garbage();
    }
    int sessions = 0;
    int links = 0;
    NamedCommits named = new NamedCommits();
    for (TranscriptReader.SessionFacts session : main.sessions()) {
      if (session.sessionId() == null) {
        continue;
      }
      SessionSummary of =
          reader.manySessions()
              ? perSession.getOrDefault(session.sessionId(), new SessionSummary())
              : summary;
      List<Link> sessionLinks =
          new ArrayList<>(
              LinkCarry.forward(
                  store, of.links(reader.assistant(), session, commitsBetween(session))));
      sessionLinks.addAll(named.links(session, sessionLinks));
      sessionLinks.addAll(
          madeBy(reader, session, next(main.sessions(), session), of, sessionLinks));
      for (Link l : sessionLinks) {
        batch.add(l);
      }
      batch.add(of.session(reader.assistant(), session, sessionLinks));
      sessions++;
      links += sessionLinks.size();
    }
    return new Finished(
        chats, actions, sessions, links, garbage, main.next(), confinement.refused());
  }

  /** What reading one whole session gave, before it is stored. */
  private record Finished(
      int chats,
      int actions,
      int sessions,
      int links,
      int garbage,
      long next,
      List<String> refused) {}

  /**
   * Commits that say the assistant made them ({@link TranscriptReader#commitMark}), made after the
   * session started and before the next one of the same transcript did (or {@link
   * #NAMED_WINDOW_MILLIS} after): each links to the session, and to the last chat that changed one
   * of its files, unless already linked.
   */
  private List<Link> madeBy(
      TranscriptReader reader,
      TranscriptReader.SessionFacts facts,
      TranscriptReader.SessionFacts next,
      SessionSummary summary,
      List<Link> already)
      throws IOException {
    List<Link> out = new ArrayList<>();
    long from = Timestamps.millisOrZero(facts.started());
    Predicate<Commit> mark = reader.commitMark().orElse(null);
    if (from == 0 || mark == null) {
      return out;
    }
    long to = next == null ? 0 : Timestamps.millisOrZero(next.started());
    if (to <= from) {
      to = from + NAMED_WINDOW_MILLIS;
    }
    Set<String> linked = new HashSet<>();
    for (Link l : already) {
      linked.add(l.kind().wireName() + " " + l.to());
    }
    for (Commit c : commitsBetween(from, to - 1)) {
      if (!mark.test(c)) {
        continue;
      }
      if (linked.add("session-commit " + c.hash())) {
        out.add(
            new Link(
                Link.Kind.SESSION_COMMIT, facts.sessionId(), c.hash(), c.timestamp(), "made-by"));
      }
      String chat = summary.chatThatChanged(c);
      if (chat != null && linked.add("chat-commit " + c.hash())) {
        out.add(new Link(Link.Kind.CHAT_COMMIT, chat, c.hash(), c.timestamp(), "made-by"));
      }
    }
    return out;
  }

  /** The session after {@code facts} in {@code all}, or null. */
  private static TranscriptReader.SessionFacts next(
      List<TranscriptReader.SessionFacts> all, TranscriptReader.SessionFacts facts) {
    int i = all.indexOf(facts);
    return i >= 0 && i + 1 < all.size() ? all.get(i + 1) : null;
  }

  /** The summary of the session a record of a many-session transcript belongs to. */
  private static SessionSummary summaryOf(Map<String, SessionSummary> perSession, RecordData r) {
    String session = null;
    if (r instanceof Chat c) {
      session = c.sessionId();
    } else if (r instanceof Action a) {
      session = a.sessionId();
    }
    return perSession.computeIfAbsent(session == null ? "" : session, k -> new SessionSummary());
  }

  /**
   * Links from the commits a session names itself (Aider's {@code > Commit <hash> <message>}) to
   * the chat that made them and to the session, each abbreviated hash resolved against the commits
   * stored; one that matches no commit, or several, links nothing.
   */
  private final class NamedCommits {
    private List<String> hashes;

    List<Link> links(TranscriptReader.SessionFacts facts, List<Link> already) throws IOException {
      List<Link> out = new ArrayList<>();
      if (facts.namedCommits().isEmpty()) {
        return out;
      }
      Set<String> inSession = new HashSet<>();
      for (Link l : already) {
        if (l.kind() == Link.Kind.SESSION_COMMIT) {
          inSession.add(l.to());
        }
      }
      Map<String, String> times = new HashMap<>();
      long started = Timestamps.millisOrZero(facts.started());
      if (started > 0) { // the link carries the commit's time, as the window's links do
        for (Commit c :
            commitsBetween(started - NAMED_WINDOW_MILLIS, started + NAMED_WINDOW_MILLIS)) {
          times.put(c.hash(), c.timestamp());
        }
      }
      for (Map.Entry<String, List<String>> e : facts.namedCommits().entrySet()) {
        for (String abbreviated : e.getValue()) {
          String hash = resolve(abbreviated);
          if (hash == null) {
            continue;
          }
          String time = times.getOrDefault(hash, facts.started());
          out.add(new Link(Link.Kind.CHAT_COMMIT, e.getKey(), hash, time, "named-in-chat"));
          if (inSession.add(hash)) {
            out.add(
                new Link(Link.Kind.SESSION_COMMIT, facts.sessionId(), hash, time, "named-in-chat"));
          }
        }
      }
      return out;
    }

    private String resolve(String abbreviated) throws IOException {
      if (abbreviated.length() < 7) {
        return null;
      }
      if (hashes == null) {
        hashes = List.copyOf(store.keys(RecordType.COMMIT));
      }
      String found = null;
      for (String h : hashes) {
        if (h.startsWith(abbreviated)) {
          if (found != null && !found.equals(h)) {
            return null; // ambiguous
          }
          found = h;
        }
      }
      return found;
    }
  }

  /**
   * Where the transcript's paths are relative to: the repository, and its other work trees (a
   * session in a linked worktree names the repository's files from there).
   */
  private PathScope scope() {
    if (linkedTrees == null) {
      linkedTrees = new ArrayList<>();
      try {
        Optional<Workspace> ws =
            repoRoot != null && Files.isDirectory(repoRoot)
                ? Workspace.find(repoRoot)
                : Optional.empty();
        if (ws.isPresent() && ws.get().gitDir() != null) {
          for (Path t : ws.get().workTrees()) {
            if (!t.equals(repoRoot.toAbsolutePath().normalize())) {
              linkedTrees.add(t);
            }
          }
        }
      } catch (IOException | RuntimeException unreadable) {
        // the repository alone
      }
    }
    return new PathScope(repoRoot, null, linkedTrees);
  }

  /**
   * Whether {@code transcript} was read to its end: by a {@link #finish}, or by an {@link #update}
   * that found no chat still open. A sweep passes over such a session.
   */
  public boolean readToEnd(Path transcript) throws IOException {
    return store.cursor(cursorName(transcript)) >= Files.size(transcript);
  }

  /** Secrets removed so far, by rule. */
  public RecordScrubber scrubber() {
    return scrubber;
  }

  /** The commits made while the session ran, and {@link #COMMIT_SLACK_MILLIS} after. */
  private List<Commit> commitsBetween(TranscriptReader.SessionFacts facts) throws IOException {
    long from = Timestamps.millisOrZero(facts.started());
    long to = Timestamps.millisOrZero(facts.ended());
    if (from == 0 || to == 0) {
      return List.of();
    }
    return commitsBetween(from, to + COMMIT_SLACK_MILLIS);
  }

  /** Set by {@link #finish(Path, String, long)} and {@link #finishAll}, which alone link. */
  private List<Commit> commitsBetween(long fromMillis, long toMillis) throws IOException {
    return commits.between(fromMillis, toMillis);
  }

  static String cursorName(Path transcript) {
    return "transcript:" + transcript.toAbsolutePath().normalize();
  }
}
