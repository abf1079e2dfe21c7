package dev.gitml.collector.report;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.Session;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sessions and their chats per assistant, from the sessions stream: a session counts once (its id),
 * with the main chats of its latest summary (a session summed up again as it grew is stored again,
 * longer). Sessions still open have no summary yet and are not counted.
 */
public final class PerAssistant {
  private PerAssistant() {}

  /** An assistant's sessions and chats. */
  public record Counts(long sessions, long chats) {}

  /** By assistant (its name in records), in name order. */
  public static Map<String, Counts> of(Store store) throws IOException {
    Map<String, Session> latest = new HashMap<>();
    store.scan(
        Session.class,
        r -> {
          Session s = r.data();
          Session had = latest.get(s.sessionId());
          if (had == null || size(s) >= size(had)) {
            latest.put(s.sessionId(), s);
          }
        });
    Map<String, Counts> out = new TreeMap<>();
    for (Session s : latest.values()) {
      String name = s.assistant() == null ? "unknown" : s.assistant();
      Counts c = out.getOrDefault(name, new Counts(0, 0));
      out.put(name, new Counts(c.sessions() + 1, c.chats() + size(s)));
    }
    return out;
  }

  private static long size(Session s) {
    if (s.chats() != null) {
      return s.chats();
    }
    return s.chatIds() == null ? 0 : s.chatIds().size();
  }
}
