package dev.gitml.collector.session;

import dev.gitml.collector.redact.RecordScrubber;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.Store;
import dev.gitml.storage.config.ConfigException;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.RecordData;
import dev.gitml.storage.record.StoredRecord;
import dev.gitml.storage.record.Timestamps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
   * Characters of records held before they are stored: what a batch costs while it is redacted,
   * serialized and compressed is the swing in the daemon's live heap (TranscriptMemoryBench).
   */
  static final long BATCH_CHARS = 1_000_000;

  private final Store store;
  private final Path repoRoot;
  private final RecordScrubber scrubber;

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
   * What one ingest stored.
   *
   * @param garbage lines skipped: not JSON objects, or too large to keep even when cut
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
    Batch batch = new Batch();
    TranscriptReader.Reading r =
        reader.read(real, store.cursor(cursor), new PathScope(repoRoot, null), false, batch::add);
    batch.flush();
    store.setCursor(cursor, r.next());
    return new Result(r.chats(), r.actions(), 0, 0, r.garbage(), batch.added, List.of());
  }

  /** Each session whose change stamp differs from its cursor's, read again but its last chat. */
  private Result updateDatabase(SessionDatabase db, Path real, String cursor) throws IOException {
    Batch batch = new Batch();
    int chats = 0;
    int actions = 0;
    int garbage = 0;
    for (SessionDatabase.Entry e : db.sessions()) {
      String name = cursor + "#" + e.id();
      if (e.updated() != 0 && store.cursor(name) == e.updated()) {
        continue;
      }
      TranscriptReader.Reading r =
          db.session(e.id()).read(real, 0, new PathScope(repoRoot, null), false, batch::add);
      chats += r.chats();
      actions += r.actions();
      garbage += r.garbage();
      batch.flush();
      store.setCursor(name, e.updated());
    }
    return new Result(chats, actions, 0, 0, garbage, batch.added, List.of());
  }

  /**
   * Reads the whole session (it ended, or is imported): every chat including the last, its
   * subagents' chats, the session summary, and the links to commits. Records are stored as they
   * come, in batches, so memory does not grow with the transcript; the subagents' transcripts are
   * read only from the session's own folder, by their real paths.
   */
  public Result finish(Path transcript) throws IOException {
    Path real = transcript.toRealPath();
    Optional<SessionDatabase> database = TranscriptFormats.databaseFor(real);
    if (database.isEmpty()) {
      return finish(real, TranscriptFormats.readerFor(real), cursorName(transcript));
    }
    try (SessionDatabase db = database.get()) {
      // one batch for all its sessions: a database of many small sessions is not an fsync each
      Batch batch = new Batch();
      Map<String, Long> cursors = new LinkedHashMap<>();
      Result sum = new Result(0, 0, 0, 0, 0, 0, List.of());
      for (SessionDatabase.Entry e : db.sessions()) {
        Finished r = finish(real, db.session(e.id()), batch);
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
          sum.garbage(),
          batch.added,
          sum.refused());
    }
  }

  private Result finish(Path real, TranscriptReader reader, String cursor) throws IOException {
    Batch batch = new Batch();
    Finished r = finish(real, reader, batch);
    batch.flush();
    store.setCursor(cursor, r.next());
    return new Result(
        r.chats(), r.actions(), r.sessions(), r.links(), r.garbage(), batch.added, r.refused());
  }

  /** One session read whole into {@code batch}, not flushed; {@code next} is where it ended. */
  private Finished finish(Path real, TranscriptReader reader, Batch batch) throws IOException {
    Confinement confinement = Confinement.to(real.getParent());
    PathScope scope = new PathScope(repoRoot, null);
    SessionSummary summary = new SessionSummary();
    TranscriptReader.Reading main =
        reader.read(
            real,
            0,
            scope,
            true,
            r -> {
              summary.main(r);
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
    List<Link> links =
        facts.sessionId() == null ? List.of() : summary.links(facts, commitsBetween(facts));
    for (Link l : links) {
      batch.add(l);
    }
    int sessions = 0;
    if (facts.sessionId() != null) {
      batch.add(summary.session(reader.assistant(), facts, links));
      sessions = 1;
    }
    return new Finished(
        chats, actions, sessions, links.size(), garbage, main.next(), confinement.refused());
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
   * Records on their way to the store: redacted and appended once they weigh about {@link
   * #BATCH_CHARS} characters, so a long transcript is never held whole.
   */
  private final class Batch {
    private final List<StoredRecord> pending = new ArrayList<>();
    private long chars;
    private int added;

    void add(RecordData r) throws IOException {
      pending.add(scrubber.record(r));
      chars += weight(r);
      if (chars >= BATCH_CHARS) {
        flush();
      }
    }

    void flush() throws IOException {
      if (!pending.isEmpty()) {
        added += store.append(pending).added();
        pending.clear();
        chars = 0;
      }
    }

    private static long weight(RecordData r) {
      if (r instanceof Chat c) {
        return 1_000L
            + length(c.query())
            + length(c.response())
            + (long) c.toolOutputs().size() * ChatAccumulator.MAX_OUTPUT;
      }
      return 2_000;
    }

    private static long length(String s) {
      return s == null ? 0 : s.length();
    }
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

  private List<Commit> commitsBetween(long fromMillis, long toMillis) throws IOException {
    List<Commit> out = new ArrayList<>();
    store.between(Commit.class, fromMillis, toMillis).forEach(c -> out.add(c.data()));
    return out;
  }

  static String cursorName(Path transcript) {
    return "transcript:" + transcript.toAbsolutePath().normalize();
  }
}
