package dev.gitml.collector.worknote;

import dev.gitml.collector.manual.ManualSession;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.Session;
import dev.gitml.storage.record.Stored;
import dev.gitml.storage.record.Timestamps;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one session left in the store, gathered for a hand-off note: its prompts in order, its tool
 * uses, the commits linked to it and to each chat. A session is found as the open manual one, a
 * stored {@code session} record, or (an assistant session still running) its chats alone.
 */
record SessionWork(
    String sessionId,
    String assistant,
    String branch,
    String started,
    String ended,
    String summary,
    List<Chat> prompts,
    int subagentChats,
    List<Action> actions,
    List<Commit> commits,
    Map<String, Set<String>> commitsOfChat) {

  /** Commits this long after a session's last line still count as made during it. */
  private static final long SLACK_MILLIS = 10 * 60_000;

  /** The session {@code sessionId}, or the latest one when null; empty when there is none. */
  static Optional<SessionWork> find(Store store, String sessionId, Clock clock) throws IOException {
    long now = clock.millis();
    Optional<ManualSession.Open> open = ManualSession.open(store.dir());
    if (open.isPresent() && (sessionId == null || sessionId.equals(open.get().sessionId()))) {
      ManualSession.Open o = open.get();
      return Optional.of(
          gather(
              store,
              o.sessionId(),
              "manual",
              o.branch(),
              o.started(),
              null,
              null,
              Timestamps.millisOrZero(o.started()) / 1000 * 1000,
              now,
              true));
    }
    Session session = null;
    if (sessionId == null) {
      List<Stored<Session>> newest = store.newest(Session.class, 1);
      session = newest.isEmpty() ? null : newest.get(0).data();
    } else {
      // through the index: the session's records, not a scan of the stream
      List<Stored<Session>> found = store.ofSession(Session.class, sessionId);
      // a session summed up again as it grew: the copy that saw the most chats
      session =
          found.stream()
              .map(Stored::data)
              .max(java.util.Comparator.comparingInt(x -> x.chats() == null ? 0 : x.chats()))
              .orElse(null);
    }
    if (session != null) {
      long from = Timestamps.millisOrZero(session.started());
      long to = Timestamps.millisOrZero(session.ended());
      return Optional.of(
          gather(
              store,
              session.sessionId(),
              session.assistant(),
              session.branch(),
              session.started(),
              session.ended(),
              session.summary(),
              from,
              to == 0 ? now : to + SLACK_MILLIS,
              false));
    }
    if (sessionId == null) {
      return Optional.empty();
    }
    // an assistant session that has not ended: its chats are stored, its summary not yet
    long[] span = {Long.MAX_VALUE, 0};
    String[] assistant = {null};
    for (Stored<Chat> r : store.ofSession(Chat.class, sessionId)) {
      span[0] = Math.min(span[0], r.ts());
      span[1] = Math.max(span[1], r.ts());
      assistant[0] = r.data().assistant();
    }
    if (span[1] == 0) {
      return Optional.empty();
    }
    return Optional.of(
        gather(
            store,
            sessionId,
            assistant[0],
            null,
            Timestamps.iso(span[0]),
            null,
            null,
            span[0],
            now,
            true));
  }

  private static SessionWork gather(
      Store store,
      String id,
      String assistant,
      String branch,
      String started,
      String ended,
      String summary,
      long from,
      long to,
      boolean stillOpen)
      throws IOException {
    Map<String, Chat> chats = new LinkedHashMap<>();
    for (Stored<Chat> c : store.between(Chat.class, from, to)) {
      if (id.equals(c.data().sessionId())) {
        chats.put(c.data().id(), c.data()); // a chat stored again after it grew: its last copy
      }
    }
    List<Chat> prompts = new ArrayList<>();
    int subagentChats = 0;
    for (Chat c : chats.values()) {
      if (c.agentId() == null) {
        prompts.add(c);
      } else {
        subagentChats++;
      }
    }
    List<Action> actions = new ArrayList<>();
    for (Stored<Action> a : store.between(Action.class, from, to)) {
      if (id.equals(a.data().sessionId())) {
        actions.add(a.data());
      }
    }
    Set<String> sessionCommits = new LinkedHashSet<>();
    Map<String, Set<String>> commitsOfChat = new HashMap<>();
    store.scan(
        Link.class,
        r -> {
          Link l = r.data();
          if (l.kind() == Link.Kind.SESSION_COMMIT && l.from().equals(id)) {
            sessionCommits.add(l.to());
          } else if (l.kind() == Link.Kind.CHAT_COMMIT && chats.containsKey(l.from())) {
            commitsOfChat.computeIfAbsent(l.from(), k -> new LinkedHashSet<>()).add(l.to());
          }
        });
    List<Commit> commits = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Stored<Commit> c : store.between(Commit.class, from, to)) {
      String hash = c.data().hash();
      // an open session's commits are not linked until it ends: its window says which they are
      if ((stillOpen || sessionCommits.contains(hash)) && seen.add(hash)) {
        commits.add(c.data());
      }
    }
    return new SessionWork(
        id,
        assistant,
        branch,
        started,
        stillOpen ? null : ended,
        summary,
        prompts,
        subagentChats,
        actions,
        commits,
        commitsOfChat);
  }
}
