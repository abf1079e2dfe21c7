package dev.gitml.collector.export;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The examples already written to an export of many repositories, by content: the SHA-256 of an
 * example's task, input and output (of a trajectory's messages), of which the first 64 bits are
 * kept in an open-addressing table, 8 bytes an example. Two different examples share 64 bits with a
 * chance of about n²/2⁶⁵: one in 36 million for a million examples.
 */
final class SeenExamples {
  private long[] table = new long[1 << 12];
  private boolean zeroSeen;
  private int size;
  private final MessageDigest sha;

  SeenExamples() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Whether {@code e} is met for the first time. */
  boolean first(Example e) {
    text(e.type());
    text(e.input());
    text(e.output());
    return add(digest());
  }

  /** Whether {@code t} is met for the first time: the same messages make the same trajectory. */
  boolean first(Trajectory t) {
    text(Task.TRAJECTORY.id());
    for (Trajectory.Message m : t.messages()) {
      text(m.role());
      text(m.content());
      text(m.toolCallId());
      for (Trajectory.ToolCall c : m.toolCalls()) {
        text(c.id());
        text(c.name());
        text(c.arguments());
      }
    }
    return add(digest());
  }

  /** Feeds a text, length first, so that no two sequences of texts feed the same bytes. */
  private void text(String s) {
    if (s == null) {
      sha.update(ByteBuffer.allocate(4).putInt(-1).array());
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    sha.update(ByteBuffer.allocate(4).putInt(b.length).array());
    sha.update(b);
  }

  private long digest() {
    return ByteBuffer.wrap(sha.digest()).getLong();
  }

  private boolean add(long h) {
    if (h == 0) {
      boolean was = zeroSeen;
      zeroSeen = true;
      return !was;
    }
    if ((size + 1) * 2 > table.length) {
      grow();
    }
    if (!insert(table, h)) {
      return false;
    }
    size++;
    return true;
  }

  /** Inserts a non-zero hash; false when it is there already. 0 marks a free slot. */
  private static boolean insert(long[] t, long h) {
    int mask = t.length - 1;
    for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
      if (t[i] == 0) {
        t[i] = h;
        return true;
      }
      if (t[i] == h) {
        return false;
      }
    }
  }

  private void grow() {
    long[] bigger = new long[table.length * 2];
    for (long h : table) {
      if (h != 0) {
        insert(bigger, h);
      }
    }
    table = bigger;
  }
}
