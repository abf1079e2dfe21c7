package dev.gitml.collector.session;

import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.Timestamps;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The links from a session and its chats to the commits made while it ran: {@code session-commit}
 * to each of them, and {@code chat-commit} from a chat that changed files to each later commit that
 * includes one of them. One rule for assistant sessions and manual ones ({@code gitml session}).
 */
public final class CommitLinks {
  /** How a commit is found to belong to a session: its time falls in the session's window. */
  public static final String SESSION_WINDOW = "session-window";

  private CommitLinks() {}

  /** A chat that changed files: what a link from it to a later commit needs. */
  public record Edits(String chatId, long startMillis, Set<String> files) {
    public Edits {
      files = Set.copyOf(files);
    }
  }

  /** The link that says {@code commit} was made during the session {@code sessionId}. */
  public static Link sessionCommit(String sessionId, String hash, String timestamp) {
    return new Link(Link.Kind.SESSION_COMMIT, sessionId, hash, timestamp, SESSION_WINDOW);
  }

  /** The links of a session to {@code commits} (in time order), and of its chats' {@code edits}. */
  public static List<Link> of(String sessionId, List<Edits> edits, List<Commit> commits) {
    List<Link> links = new ArrayList<>();
    for (Commit c : commits) {
      links.add(sessionCommit(sessionId, c.hash(), c.timestamp()));
    }
    for (Edits chat : edits) {
      for (Commit c : commits) {
        if (Timestamps.millisOrZero(c.timestamp()) < chat.startMillis()) {
          continue;
        }
        for (String f : c.filesChanged()) {
          if (chat.files().contains(f)) {
            links.add(
                new Link(
                    Link.Kind.CHAT_COMMIT, chat.chatId(), c.hash(), c.timestamp(), "file-overlap"));
            break;
          }
        }
      }
    }
    return links;
  }
}
