package dev.gitml.collector.report;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.Link;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * How much of the data is connected, from the links stream: the commits made during an assistant
 * session ({@code session-commit}) and the chats that led to a commit ({@code chat-commit}).
 */
public record Linkage(long commitsWithSession, long chatsWithCommit) {

  public static Linkage of(Store store) throws IOException {
    Set<String> commits = new HashSet<>();
    Set<String> chats = new HashSet<>();
    store.scan(
        Link.class,
        r -> {
          Link l = r.data();
          switch (l.kind()) {
            case SESSION_COMMIT -> commits.add(l.to());
            case CHAT_COMMIT -> chats.add(l.from());
            case SUPERSEDES -> {}
          }
        });
    return new Linkage(commits.size(), chats.size());
  }
}
