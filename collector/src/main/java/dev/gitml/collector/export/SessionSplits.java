package dev.gitml.collector.export;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The splits of one repository's sessions by time, for an export of many repositories: sessions
 * ordered by the time of their first chat in the window, the oldest 80 % in train, the next 10 % in
 * validation, the newest in test. A session is split as a whole (by its first time), so its chats
 * never straddle two splits, and each repository's test holds its own newest work.
 */
final class SessionSplits {
  private final Map<String, Long> first;
  private final Splits.Chronological split;

  private SessionSplits(Map<String, Long> first) {
    this.first = first;
    long[] times = first.values().stream().mapToLong(Long::longValue).sorted().toArray();
    this.split = new Splits.Chronological(at(times, 0.8), at(times, 0.9));
  }

  /** The sessions of the chats of {@code store} in the window of {@code f}. */
  static SessionSplits of(Store store, Examples.Filter f) throws IOException {
    Map<String, Long> first = new HashMap<>();
    store.scan(
        Chat.class,
        r -> {
          if (f.inWindow(r.ts())) {
            first.merge(key(r.data()), r.ts(), Math::min);
          }
        });
    return new SessionSplits(first);
  }

  /** The split of a session (or of a chat without one, by its own id). */
  String of(String sessionOrChat) {
    Long t = first.get(sessionOrChat);
    return split.of(t == null ? Long.MAX_VALUE : t);
  }

  /** What a chat is split by: its session, or its own id. */
  static String key(Chat c) {
    return c.sessionId() == null || c.sessionId().isEmpty() ? c.id() : c.sessionId();
  }

  /** The time at rank {@code floor(n * q)} (the newest at most), as {@link Store#timeAtShare}. */
  private static long at(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Long.MAX_VALUE;
    }
    return sorted[(int) Math.min(sorted.length - 1, (long) (sorted.length * q))];
  }
}
