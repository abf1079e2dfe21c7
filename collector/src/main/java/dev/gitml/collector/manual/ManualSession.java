package dev.gitml.collector.manual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.capture.Backfill;
import dev.gitml.collector.redact.RecordScrubber;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.session.CommitLinks;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.json.Mappers;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.Session;
import dev.gitml.storage.record.Stored;
import dev.gitml.storage.record.StoredRecord;
import dev.gitml.storage.record.TextFields;
import dev.gitml.storage.record.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A session opened and closed by hand ({@code gitml session start|end}), for work gitml reads no
 * transcript of. While it is open, its state is one small file, {@code
 * .git-ml/local/manual-session.json} ({@code {"session_id", "started", "cwd", "branch"}}, written
 * atomically): chats and actions logged meanwhile name it, and the daemon links the commits it
 * captures to it ({@link #linksFor}). Ending it writes the {@code session} record and its links, as
 * an assistant session's end does, and removes the file.
 */
public final class ManualSession {
  static final String FILE = "manual-session.json";
  private static final int QUERY_PREVIEW = 200;

  private ManualSession() {}

  /** The open session's state. */
  public record Open(String sessionId, String started, String cwd, String branch) {
    public Open {
      if (sessionId == null || sessionId.isBlank() || started == null) {
        throw new IllegalArgumentException("a manual session needs an id and a start");
      }
    }

    /** The start, to the second: git keeps commit times in whole seconds. */
    long startedMillis() {
      return Timestamps.millisOrZero(started) / 1000 * 1000;
    }
  }

  /** What a session holds so far: its chats, tool uses and the commits made during it. */
  public record Progress(Open open, int chats, int actions, List<String> commits) {}

  /** What {@link #end} stored. */
  public record Ended(Session session, int links, int commitsCaptured) {}

  static Path file(DataDir data) {
    return data.local().resolve(FILE);
  }

  /** The open session, if any. A damaged state file is an error, never a silent "none". */
  public static Optional<Open> open(DataDir data) throws IOException {
    Path f = file(data);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    JsonNode n;
    try {
      n = Mappers.JSON.readTree(f.toFile());
      return Optional.of(
          new Open(
              n.path("session_id").asText(null),
              n.path("started").asText(null),
              n.path("cwd").asText(null),
              n.path("branch").asText(null)));
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(f + ": not a manual session's state (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Opens a session named {@code id} (a new random one when null) at the clock's time; fails if one
   * is open already.
   */
  public static Open start(
      DataDir data, String id, Path cwd, String branch, Clock clock, RandomGenerator random)
      throws IOException {
    Optional<Open> already = open(data);
    if (already.isPresent()) {
      throw new AlreadyOpenException(already.get().sessionId());
    }
    byte[] b = new byte[4];
    random.nextBytes(b);
    Open o =
        new Open(
            id == null ? HexFormat.of().formatHex(b) : id,
            Timestamps.iso(clock.millis()),
            cwd == null ? null : cwd.toString(),
            branch);
    ObjectNode n = Mappers.JSON.createObjectNode();
    n.put("session_id", o.sessionId()).put("started", o.started());
    if (o.cwd() != null) {
      n.put("cwd", o.cwd());
    }
    if (o.branch() != null) {
      n.put("branch", o.branch());
    }
    Files.createDirectories(data.local());
    AtomicFiles.write(file(data), Mappers.pretty().writeValueAsBytes(n));
    return o;
  }

  /** A session is open already: {@code gitml session end} closes it. */
  public static final class AlreadyOpenException extends IOException {
    private static final long serialVersionUID = 1L;

    AlreadyOpenException(String id) {
      super("a session is open already: " + id + " (gitml session end closes it)");
    }
  }

  /**
   * The {@code session-commit} links of {@code commits} to the open session, for those made after
   * it started: what the daemon stores with the commits it captures. None when no session is open.
   */
  public static List<Link> linksFor(DataDir data, List<CommitFull> commits) throws IOException {
    Optional<Open> o = open(data);
    if (o.isEmpty()) {
      return List.of();
    }
    List<Link> links = new ArrayList<>();
    for (CommitFull c : commits) {
      if (Timestamps.millisOrZero(c.timestamp()) >= o.get().startedMillis()) {
        links.add(CommitLinks.sessionCommit(o.get().sessionId(), c.hash(), c.timestamp()));
      }
    }
    return links;
  }

  /** The open session's chats, actions and commits so far. */
  public static Progress progress(Store store, Open o, Clock clock) throws IOException {
    long now = clock.millis();
    List<Chat> chats = chats(store, o, now);
    List<Action> actions = actions(store, o, now);
    List<String> commits = new ArrayList<>();
    for (Stored<Commit> c : store.between(Commit.class, o.startedMillis(), now)) {
      commits.add(c.data().hash());
    }
    return new Progress(o, chats.size(), actions.size(), commits);
  }

  /**
   * Closes the open session: captures the commits made since it started that are not stored yet
   * ({@code repo} may be null outside a repository), links them and its chats to it, stores the
   * {@code session} record, and removes the state. Empty when no session is open.
   */
  public static Optional<Ended> end(
      Store store, Repository repo, Redactor redactor, String summary, Clock clock)
      throws IOException {
    Optional<Open> maybe = open(store.dir());
    if (maybe.isEmpty()) {
      return Optional.empty();
    }
    Open o = maybe.get();
    long now = clock.millis();
    int captured = repo == null ? 0 : captureSince(repo, store, redactor, o.startedMillis());
    List<Chat> chats = chats(store, o, now);
    List<Action> actions = actions(store, o, now);
    List<Commit> commits = new ArrayList<>();
    for (Stored<Commit> c : store.between(Commit.class, o.startedMillis(), now)) {
      commits.add(c.data());
    }
    List<CommitLinks.Edits> edits = new ArrayList<>();
    for (Chat c : chats) {
      if (!c.filesModified().isEmpty()) {
        edits.add(
            // to the second, as git keeps a commit's time: a commit in the chat's second follows it
            new CommitLinks.Edits(
                c.id(),
                Timestamps.millisOrZero(c.timestamp()) / 1000 * 1000,
                Set.copyOf(c.filesModified())));
      }
    }
    List<Link> links = CommitLinks.of(o.sessionId(), edits, commits);
    Session s = session(o, Timestamps.iso(now), chats, actions, commits, summary);
    RecordScrubber scrubber = new RecordScrubber(redactor);
    List<StoredRecord> records = new ArrayList<>();
    for (Link l : links) {
      records.add(scrubber.record(l));
    }
    records.add(scrubber.record(s));
    store.append(records);
    Files.deleteIfExists(file(store.dir()));
    return Optional.of(new Ended(s, links.size(), captured));
  }

  private static Session session(
      Open o,
      String ended,
      List<Chat> chats,
      List<Action> actions,
      List<Commit> commits,
      String summary) {
    Map<String, Integer> tools = new TreeMap<>();
    Set<String> files = new LinkedHashSet<>();
    List<String> chatIds = new ArrayList<>();
    List<String> queries = new ArrayList<>();
    for (Chat c : chats) {
      chatIds.add(c.id());
      queries.add(TextFields.cut(c.query(), QUERY_PREVIEW));
      files.addAll(c.filesModified());
      files.addAll(c.filesReferenced());
      c.toolsUsed().forEach(t -> tools.merge(t, 1, Integer::sum));
    }
    actions.forEach(a -> tools.merge(a.tool(), 1, Integer::sum));
    return new Session(
        o.sessionId(),
        o.started(),
        ended,
        ManualLog.MANUAL,
        o.cwd(),
        o.branch(),
        chats.size(),
        tools,
        List.copyOf(files),
        commits.stream().map(Commit::hash).toList(),
        chatIds,
        queries,
        summary == null || summary.isBlank() ? null : summary,
        null);
  }

  private static List<Chat> chats(Store store, Open o, long now) throws IOException {
    List<Chat> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Stored<Chat> c : store.between(Chat.class, o.startedMillis(), now)) {
      if (o.sessionId().equals(c.data().sessionId()) && seen.add(c.data().id())) {
        out.add(c.data());
      }
    }
    return out;
  }

  private static List<Action> actions(Store store, Open o, long now) throws IOException {
    List<Action> out = new ArrayList<>();
    for (Stored<Action> a : store.between(Action.class, o.startedMillis(), now)) {
      if (o.sessionId().equals(a.data().sessionId())) {
        out.add(a.data());
      }
    }
    return out;
  }

  /**
   * Stores the commits reachable from HEAD, committed since {@code fromMillis}, that no hook or
   * daemon has stored yet (the daemon may still be on its way to them); returns how many.
   */
  private static int captureSince(Repository repo, Store store, Redactor redactor, long fromMillis)
      throws IOException {
    ObjectId head = repo.resolve(Constants.HEAD);
    if (head == null) {
      return 0;
    }
    Set<String> known = store.keys(RecordType.COMMIT_FULL);
    List<RevCommit> missing = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo)) {
      walk.sort(RevSort.COMMIT_TIME_DESC);
      walk.markStart(walk.parseCommit(head));
      for (RevCommit c : walk) {
        if (c.getCommitTime() * 1000L < fromMillis) {
          break;
        }
        if (!known.contains(c.name())) {
          missing.add(c);
        }
      }
    } catch (MissingObjectException e) {
      // a shallow or partial clone ends here: what could be walked is what there is
    }
    if (missing.isEmpty()) {
      return 0;
    }
    Backfill.Result r = Backfill.run(repo, store, redactor, missing, 1, n -> {});
    return r.commits() - r.mlOnly();
  }
}
