package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.redact.RecordScrubber;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.Store;
import dev.gitml.storage.config.ConfigException;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.RecordData;
import dev.gitml.storage.record.Session;
import dev.gitml.storage.record.StoredRecord;
import dev.gitml.storage.record.TextFields;
import dev.gitml.storage.record.Timestamps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a session transcript into records: chats and tool uses as the session goes (each read
 * starts where the last one stopped, kept as a cursor in the index), and when it ends, the
 * session's summary, its subagents' chats, and links from the session and its chats to the
 * commits made meanwhile. Every record is redacted before it is stored; records are
 * content-hashed, so reading a transcript again stores nothing twice.
 */
public final class SessionIngest {
  /** Commits this long after a session's last line still count as made during it. */
  static final long COMMIT_SLACK_MILLIS = 10 * 60_000;
  private static final int QUERY_PREVIEW = 200;

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

  /** What one ingest stored. */
  public record Result(int chats, int actions, int sessions, int links, int garbage, int added) {}

  /** Reads what was appended to {@code transcript} since the last read. */
  public Result update(Path transcript) throws IOException {
    String cursor = cursorName(transcript);
    TranscriptReader reader = new ClaudeTranscript();
    TranscriptReader.Reading r = reader.read(transcript, store.cursor(cursor),
        new PathScope(repoRoot, null), false);
    List<RecordData> out = new ArrayList<>(r.chats());
    out.addAll(r.actions());
    int added = store(out);
    store.setCursor(cursor, r.next());
    return new Result(r.chats().size(), r.actions().size(), 0, 0, r.garbage(), added);
  }

  /**
   * Reads the whole session (it ended, or is imported): every chat including the last, its
   * subagents' chats, the session summary, and the links to commits.
   */
  public Result finish(Path transcript) throws IOException {
    TranscriptReader reader = new ClaudeTranscript();
    PathScope scope = new PathScope(repoRoot, null);
    TranscriptReader.Reading main = reader.read(transcript, 0, scope, true);
    TranscriptReader.SessionFacts facts = main.facts();
    List<Chat> chats = new ArrayList<>(main.chats());
    List<Action> actions = new ArrayList<>(main.actions());
    int garbage = main.garbage();
    Map<String, Integer> chatsPerAgent = new TreeMap<>();
    TranscriptReader subReader = new ClaudeTranscript(facts.agents());
    for (Path sub : reader.subagentTranscripts(transcript)) {
      TranscriptReader.Reading r = subReader.read(sub, 0, scope.withCwd(facts.cwd()), true);
      chats.addAll(r.chats());
      actions.addAll(r.actions());
      garbage += r.garbage();
      for (Chat c : r.chats()) {
        chatsPerAgent.merge(c.agentId() == null ? "?" : c.agentId(), 1, Integer::sum);
      }
    }
    List<RecordData> out = new ArrayList<>(chats);
    out.addAll(actions);
    List<Link> links = facts.sessionId() == null ? List.of() : links(facts, chats);
    out.addAll(links);
    int sessions = 0;
    if (facts.sessionId() != null) {
      out.add(session(facts, main.chats(), chats, actions, links, chatsPerAgent));
      sessions = 1;
    }
    int added = store(out);
    store.setCursor(cursorName(transcript), main.next());
    return new Result(chats.size(), actions.size(), sessions, links.size(), garbage, added);
  }

  /** Redacts and stores records; returns how many were new. */
  private int store(List<RecordData> out) throws IOException {
    if (out.isEmpty()) {
      return 0;
    }
    List<StoredRecord> records = new ArrayList<>(out.size());
    out.forEach(r -> records.add(scrubber.record(r)));
    return store.append(records).added();
  }

  /** Secrets removed so far, by rule. */
  public RecordScrubber scrubber() {
    return scrubber;
  }

  private Session session(TranscriptReader.SessionFacts facts, List<Chat> mainChats,
      List<Chat> all, List<Action> actions, List<Link> links, Map<String, Integer> perAgent) {
    Map<String, Integer> tools = new TreeMap<>();
    actions.forEach(a -> tools.merge(a.tool(), 1, Integer::sum));
    Set<String> files = new LinkedHashSet<>();
    for (Chat c : all) {
      files.addAll(c.filesModified());
      files.addAll(c.filesReferenced());
    }
    Set<String> commits = new LinkedHashSet<>();
    for (Link l : links) {
      if (l.kind() == Link.Kind.SESSION_COMMIT) {
        commits.add(l.to());
      }
    }
    List<String> queries = new ArrayList<>();
    List<String> chatIds = new ArrayList<>();
    for (Chat c : mainChats) {
      chatIds.add(c.id());
      queries.add(TextFields.cut(c.query(), QUERY_PREVIEW));
    }
    ObjectNode orchestration = null;
    if (!facts.agents().isEmpty()) {
      orchestration = JsonNodeFactory.instance.objectNode();
      ArrayNode subs = orchestration.putArray("subagents");
      for (TranscriptReader.Agent a : facts.agents().values()) {
        ObjectNode o = subs.addObject();
        o.put("agent_id", a.id());
        o.put("agent_type", a.type());
        o.put("description", a.description());
        o.put("parent_chat", a.parentChatId());
        o.put("chats", perAgent.getOrDefault(a.id(), 0));
      }
    }
    String summary = facts.compactions().isEmpty() ? null
        : String.join("\n\n---\n\n", facts.compactions());
    return new Session(facts.sessionId(), facts.started(), facts.ended(),
        ClaudeTranscript.ASSISTANT, facts.cwd(), facts.branch(), mainChats.size(), tools,
        List.copyOf(files), List.copyOf(commits), chatIds, queries, summary, orchestration);
  }

  /**
   * The commits made while the session ran (a link from the session to each) and, for each chat
   * that changed files, the later commits of the session that include one of them.
   */
  private List<Link> links(TranscriptReader.SessionFacts facts, List<Chat> chats)
      throws IOException {
    long from = Timestamps.millisOrZero(facts.started());
    long to = Timestamps.millisOrZero(facts.ended());
    if (from == 0 || to == 0) {
      return List.of();
    }
    List<Commit> commits = commitsBetween(from, to + COMMIT_SLACK_MILLIS);
    List<Link> links = new ArrayList<>();
    for (Commit c : commits) {
      links.add(new Link(Link.Kind.SESSION_COMMIT, facts.sessionId(), c.hash(), c.timestamp(),
          "session-window"));
    }
    for (Chat chat : chats) {
      if (chat.filesModified().isEmpty()) {
        continue;
      }
      long chatStart = Timestamps.millisOrZero(chat.timestamp());
      Set<String> touched = new HashSet<>(chat.filesModified());
      for (Commit c : commits) {
        if (Timestamps.millisOrZero(c.timestamp()) < chatStart) {
          continue;
        }
        for (String f : c.filesChanged()) {
          if (touched.contains(f)) {
            links.add(new Link(Link.Kind.CHAT_COMMIT, chat.id(), c.hash(), c.timestamp(),
                "file-overlap"));
            break;
          }
        }
      }
    }
    return links;
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
