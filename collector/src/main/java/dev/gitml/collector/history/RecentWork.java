package dev.gitml.collector.history;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.Session;
import dev.gitml.storage.record.Stored;
import dev.gitml.storage.record.StoredRecord;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A short note of the latest work, from stored records only: the newest session's prompts, the
 * files its chats changed and the commits made during it; then the newest commits. What an
 * assistant starting a task reads to pick up where the last one stopped.
 */
public final class RecentWork {
  /** Prompts, and newest commits, listed at most. */
  static final int PROMPTS = 10;

  static final int COMMITS = 5;

  private RecentWork() {}

  public static String note(Store store) throws IOException {
    StringBuilder sb = new StringBuilder();
    String sessionId = latestSession(store);
    if (sessionId == null) {
      sb.append("No assistant session is stored yet.\n");
    } else {
      session(store, sessionId, sb);
    }
    List<Stored<Commit>> commits = store.newest(Commit.class, COMMITS);
    if (!commits.isEmpty()) {
      sb.append("\nNewest commits:\n");
      for (Stored<Commit> c : commits) {
        sb.append("- ")
            .append(c.data().hash(), 0, 12)
            .append(' ')
            .append(HistoryText.time(c.ts()))
            .append(' ')
            .append(HistoryText.oneLine(c.data().message(), 100))
            .append('\n');
      }
    }
    return sb.toString();
  }

  /** The session of the newest chat (a session still open has chats and no session record). */
  private static String latestSession(Store store) throws IOException {
    List<Stored<Chat>> chats = store.newest(Chat.class, 1);
    if (!chats.isEmpty() && chats.get(0).data().sessionId() != null) {
      return chats.get(0).data().sessionId();
    }
    List<Stored<Session>> sessions = store.newest(Session.class, 1);
    return sessions.isEmpty() ? null : sessions.get(0).data().sessionId();
  }

  private static void session(Store store, String sessionId, StringBuilder sb) throws IOException {
    List<Stored<Chat>> chats =
        store.ofSession(Chat.class, sessionId).stream()
            .filter(c -> c.data().agentId() == null)
            .toList();
    Session session = null;
    for (Stored<Session> s : store.ofSession(Session.class, sessionId)) {
      session = s.data();
    }
    String assistant =
        session != null
            ? session.assistant()
            : chats.isEmpty() ? null : chats.get(chats.size() - 1).data().assistant();
    sb.append("Latest session ").append(sessionId);
    if (assistant != null) {
      sb.append(" (").append(assistant).append(')');
    }
    if (session != null) {
      sb.append(", ").append(session.started()).append(" to ").append(session.ended());
    } else {
      sb.append(", still open");
    }
    sb.append('\n');
    Set<String> seen = new LinkedHashSet<>();
    Set<String> files = new LinkedHashSet<>();
    for (Stored<Chat> c : chats) {
      files.addAll(c.data().filesModified());
    }
    sb.append("\nPrompts:\n");
    int shown = 0;
    for (int i = chats.size() - 1; i >= 0 && shown < PROMPTS; i--) {
      Chat c = chats.get(i).data();
      if (seen.add(c.id())) {
        sb.append("- ").append(HistoryText.oneLine(c.query(), HistoryText.PROMPT_CHARS));
        sb.append('\n');
        shown++;
      }
    }
    if (!files.isEmpty()) {
      sb.append("\nFiles changed: ").append(String.join(", ", files)).append('\n');
    }
    if (session != null && !session.commits().isEmpty()) {
      sb.append("\nCommits during the session:\n");
      for (String hash : session.commits()) {
        String subject = "";
        for (StoredRecord r : store.find(hash)) {
          if (r.type() == dev.gitml.storage.record.RecordType.COMMIT) {
            subject = HistoryText.oneLine(r.as(Commit.class).message(), 100);
          }
        }
        sb.append("- ").append(hash, 0, Math.min(12, hash.length())).append(' ');
        sb.append(subject).append('\n');
      }
    }
  }
}
