package dev.gitml.collector.history;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.Link;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stored links, by commit: the chats ({@code chat-commit}) and sessions ({@code
 * session-commit}) that led to a commit, and the commits an amend or a rebase replaced ({@code
 * supersedes}), whose links count for the commit that replaced them.
 */
final class Origins {
  private final Map<String, Set<String>> chats = new HashMap<>();
  private final Map<String, Set<String>> sessions = new HashMap<>();
  private final Map<String, List<String>> replaced = new HashMap<>();

  static Origins of(Store store) throws IOException {
    Origins o = new Origins();
    store.scan(
        Link.class,
        l -> {
          Link link = l.data();
          switch (link.kind()) {
            case CHAT_COMMIT ->
                o.chats.computeIfAbsent(link.to(), k -> new LinkedHashSet<>()).add(link.from());
            case SESSION_COMMIT ->
                o.sessions.computeIfAbsent(link.to(), k -> new LinkedHashSet<>()).add(link.from());
            case SUPERSEDES ->
                o.replaced.computeIfAbsent(link.from(), k -> new ArrayList<>()).add(link.to());
          }
        });
    return o;
  }

  /** The chats linked to {@code commit} or to a commit it replaced. */
  Set<String> chats(String commit) {
    return collect(commit, chats);
  }

  /** The sessions linked to {@code commit} or to a commit it replaced. */
  Set<String> sessions(String commit) {
    return collect(commit, sessions);
  }

  private Set<String> collect(String commit, Map<String, Set<String>> edges) {
    Set<String> out = new LinkedHashSet<>();
    Set<String> seen = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(List.of(commit));
    while (!todo.isEmpty()) {
      String c = todo.remove(todo.size() - 1);
      if (seen.add(c)) {
        out.addAll(edges.getOrDefault(c, Set.of()));
        todo.addAll(replaced.getOrDefault(c, List.of()));
      }
    }
    return out;
  }
}
