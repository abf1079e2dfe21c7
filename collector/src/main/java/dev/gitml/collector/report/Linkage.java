package dev.gitml.collector.report;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.RecordType;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * How much of the data is connected, from the links stream: the commits made during an
 * assistant session ({@code session-commit}) and the chats that led to a commit
 * ({@code chat-commit}).
 */
public record Linkage(long commitsWithSession, long chatsWithCommit) {

  public static Linkage of(Store store) throws IOException {
    Set<String> commits = new HashSet<>();
    Set<String> chats = new HashSet<>();
    store.scan(RecordType.LINK, r -> {
      String kind = r.data().path("kind").asText();
      if (kind.equals("session-commit")) {
        commits.add(r.data().path("to").asText());
      } else if (kind.equals("chat-commit")) {
        chats.add(r.data().path("from").asText());
      }
    });
    return new Linkage(commits.size(), chats.size());
  }
}
