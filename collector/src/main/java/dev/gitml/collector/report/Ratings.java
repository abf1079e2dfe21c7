package dev.gitml.collector.report;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.Feedback;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Ratings: their words ({@code good} 1, {@code neutral} 0, {@code bad} -1), and the feedback that
 * counts for each target (a chat, a commit): its newest.
 */
public final class Ratings {
  private static final Map<String, Integer> VALUES = Map.of("good", 1, "neutral", 0, "bad", -1);

  private Ratings() {}

  /** The value of a rating word (any case); null when it is none of them. */
  public static Integer value(String word) {
    return word == null ? null : VALUES.get(word.toLowerCase(java.util.Locale.ROOT));
  }

  /** The word of a rating value: above 0 good, below bad, else neutral. */
  public static String word(int value) {
    return value > 0 ? "good" : value < 0 ? "bad" : "neutral";
  }

  /** The newest feedback by target id. */
  public static Map<String, Feedback> latest(Store store) throws IOException {
    Map<String, Feedback> latest = new HashMap<>();
    store.scan(
        Feedback.class,
        r -> {
          Feedback f = r.data();
          Feedback seen = latest.get(f.targetId());
          if (seen == null || time(f).compareTo(time(seen)) > 0) {
            latest.put(f.targetId(), f);
          }
        });
    return latest;
  }

  private static String time(Feedback f) {
    return f.timestamp() == null ? "" : f.timestamp();
  }
}
