package dev.gitml.collector.report;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.Link;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * How much of the data is connected, from the links stream: the commits made during an assistant
 * session ({@code session-commit}), the chats that led to a commit ({@code chat-commit}), the
 * commits reverted ({@code reverts}) and those that name a task ({@code completes}, {@code
 * references}).
 */
public record Linkage(
    long commitsWithSession, long chatsWithCommit, long revertedCommits, long commitsWithTask) {

  /** No links. */
  public static final Linkage NONE = new Linkage(0, 0, 0, 0);

  public static Linkage of(Store store) throws IOException {
    Set<String> commits = new HashSet<>();
    Set<String> chats = new HashSet<>();
    Set<String> reverted = new HashSet<>();
    Set<String> withTask = new HashSet<>();
    store.scan(
        Link.class,
        r -> {
          Link l = r.data();
          switch (l.kind()) {
            case SESSION_COMMIT -> commits.add(l.to());
            case CHAT_COMMIT -> chats.add(l.from());
            case REVERTS -> reverted.add(l.to());
            case COMPLETES, REFERENCES -> withTask.add(l.from());
            case SUPERSEDES, PULL_REQUEST_COMMIT -> {}
          }
        });
    return new Linkage(commits.size(), chats.size(), reverted.size(), withTask.size());
  }
}
