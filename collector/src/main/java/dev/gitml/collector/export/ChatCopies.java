package dev.gitml.collector.export;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.RecordType;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which stored copy stands for a chat stored more than once (stored again when it grew, or when its
 * transcript was imported again with its steps): the copy with the most steps, then the longest
 * answer. Only chats stored more than once are remembered, so memory stays flat.
 */
final class ChatCopies {
  private final Set<String> repeated;
  private final Map<String, Chat> bestChat = new HashMap<>();
  private final Map<String, String> bestId = new HashMap<>();

  private ChatCopies(Set<String> repeated) {
    this.repeated = repeated;
  }

  /** The copies of {@code store}'s repeated chats; no scan when none is repeated. */
  static ChatCopies of(Store store) throws IOException {
    ChatCopies copies = new ChatCopies(store.repeatedKeys(RecordType.CHAT));
    if (!copies.repeated.isEmpty()) {
      store.scan(
          Chat.class,
          r -> {
            Chat c = r.data();
            if (copies.repeated.contains(c.id()) && copies.better(c, copies.bestChat.get(c.id()))) {
              copies.bestChat.put(c.id(), c);
              copies.bestId.put(c.id(), r.id());
            }
          });
      copies.bestChat.clear(); // the ids are what is asked; the chats are not held
    }
    return copies;
  }

  /** Whether the stored record {@code recordId} is the copy that stands for chat {@code chatId}. */
  boolean chosen(String chatId, String recordId) {
    String best = bestId.get(chatId);
    return best == null || best.equals(recordId);
  }

  private boolean better(Chat c, Chat best) {
    if (best == null) {
      return true;
    }
    if (c.steps().size() != best.steps().size()) {
      return c.steps().size() > best.steps().size();
    }
    return length(c.response()) > length(best.response());
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }
}
