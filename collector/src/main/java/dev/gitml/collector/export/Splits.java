package dev.gitml.collector.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic splits, 80 / 10 / 10. Commits go by time, the newest to test, so a model is tested
 * on the future of what it learned from ({@link #chronological}). Chats go by session, hashed with
 * the seed, so the turns of one session never straddle train and test ({@link #bySession}).
 */
public final class Splits {
  public static final String TRAIN = "train";
  public static final String VALIDATION = "validation";
  public static final String TEST = "test";

  private Splits() {}

  /**
   * A split by time: records from {@code validationFrom} on (the 80th percentile of the times) are
   * validation, from {@code testFrom} on (the 90th) test.
   */
  public record Chronological(long validationFrom, long testFrom) {
    public String of(long ts) {
      return ts >= testFrom ? TEST : ts >= validationFrom ? VALIDATION : TRAIN;
    }
  }

  /** The split of a session (or of a chat without one, by its own id). */
  public static String bySession(String sessionOrChat, long seed) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] h = sha.digest((seed + ":" + sessionOrChat).getBytes(StandardCharsets.UTF_8));
      int bucket = Math.floorMod(((h[0] & 0xff) << 8) | (h[1] & 0xff), 100);
      return bucket < 80 ? TRAIN : bucket < 90 ? VALIDATION : TEST;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
