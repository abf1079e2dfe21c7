package dev.gitml.collector.export;

import dev.gitml.collector.capture.Reverts;
import dev.gitml.collector.ci.CiResults;
import dev.gitml.collector.report.Ratings;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.CiResult;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Feedback;
import dev.gitml.storage.record.Hunk;
import dev.gitml.storage.record.RecordData;
import dev.gitml.storage.record.RecordType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Training examples read from a store, one task at a time, in stored order: each chat, commit and
 * full commit once (amended commits as their newest version), merges left out, the time window and
 * the rating threshold applied. Examples with an empty side are made here and left out by the
 * caller ({@link #hasBothSides}), which counts them.
 */
final class Examples {
  /** Longest diff given as a commit-message input, in characters. */
  static final int MAX_DIFF = 8_000;

  /** Receives examples. */
  @FunctionalInterface
  interface Sink {
    void accept(Example e) throws IOException;
  }

  /**
   * What to take: a time window (epoch ms, inclusive; 0 for open), a minimum rating and whether
   * reverted commits are left out; and how a session's chats are split: hashed with {@code seed},
   * or, when {@code sessions} is given (an export of many repositories), by the time the session
   * began.
   */
  record Filter(
      long since,
      long until,
      Integer minRating,
      long seed,
      SessionSplits sessions,
      boolean excludeReverted) {
    Filter(long since, long until, Integer minRating, long seed) {
      this(since, until, minRating, seed, null, false);
    }

    Filter(long since, long until, Integer minRating, long seed, boolean excludeReverted) {
      this(since, until, minRating, seed, null, excludeReverted);
    }

    /** The split of a session (or of a chat without one, by its own id). */
    String split(String sessionOrChat) {
      return sessions == null ? Splits.bySession(sessionOrChat, seed) : sessions.of(sessionOrChat);
    }

    boolean inWindow(long ts) {
      return ts >= from() && ts <= to();
    }

    /** The window's first time, inclusive. */
    long from() {
      return since == 0 ? Long.MIN_VALUE : since;
    }

    /** The window's last time, inclusive. */
    long to() {
      return until == 0 ? Long.MAX_VALUE : until;
    }
  }

  private Examples() {}

  /**
   * Whether an example has both sides. One with an empty input or output (a commit that only set
   * {@code svn:ignore} has no diff; a chat whose prompt was all tool output) teaches nothing, and
   * chat formats would hold an empty turn: every export leaves it out.
   */
  static boolean hasBothSides(Example e) {
    return !e.input().isBlank() && !e.output().isBlank();
  }

  static void chats(Store store, Filter f, Sink out) throws IOException {
    Map<String, Feedback> ratings = f.minRating() == null ? Map.of() : Ratings.latest(store);
    ChatCopies copies = ChatCopies.of(store);
    store.scan(
        Chat.class,
        r -> {
          Chat c = r.data();
          String query = text(c.query());
          String response = text(c.response());
          if (!f.inWindow(r.ts()) || !copies.chosen(c.id(), r.id())) {
            return;
          }
          if (f.minRating() != null) {
            Feedback rating = ratings.get(c.id());
            if (rating == null || rating.rating() == null || rating.rating() < f.minRating()) {
              return;
            }
          }
          String session = text(c.sessionId());
          out.accept(
              new Example(
                  "chat",
                  c.timestamp(),
                  query,
                  response,
                  files(c.filesModified()),
                  c.toolsUsed(),
                  f.split(session.isEmpty() ? c.id() : session)));
        });
  }

  static void commitMessages(Store store, Filter f, Sink out) throws IOException {
    commits(
        store,
        CommitFull.class,
        CommitFull::lite,
        f,
        (c, split, signals) ->
            out.accept(
                new Example(
                    "commit-message",
                    c.timestamp(),
                    diff(c.hunks()),
                    text(c.message()).stripTrailing(),
                    files(c.filesChanged()),
                    List.of(),
                    split,
                    signals.reverted(c.hash()),
                    signals.ci(c.hash()))));
  }

  static void filePredictions(Store store, Filter f, Sink out) throws IOException {
    commits(
        store,
        Commit.class,
        c -> c,
        f,
        (c, split, signals) -> {
          List<String> files = files(c.filesChanged());
          out.accept(
              new Example(
                  "file-prediction",
                  c.timestamp(),
                  text(c.message()).stripTrailing(),
                  String.join("\n", files),
                  files,
                  List.of(),
                  split,
                  signals.reverted(c.hash()),
                  signals.ci(c.hash())));
        });
  }

  /** Receives a commit, its split and its signals. */
  @FunctionalInterface
  private interface CommitSink<T> {
    void accept(T commit, String split, Signals signals) throws IOException;
  }

  /** The reverted commits and the CI result that counts per commit, read once per task. */
  private record Signals(Map<String, String> revertedBy, Map<String, CiResult> ci) {
    static Signals of(Store store, RecordType type) throws IOException {
      return new Signals(
          Reverts.reverted(store, store.keys(type)), CiResults.latestByCommit(store));
    }

    Boolean reverted(String hash) {
      return revertedBy.containsKey(hash);
    }

    String ci(String hash) {
      CiResult r = ci.get(hash);
      return r == null ? null : r.result();
    }
  }

  /**
   * The commits of one payload type ({@link Commit}, {@link CommitFull}, seen through {@code lite})
   * that make examples, each once and in time split.
   */
  private static <T extends RecordData> void commits(
      Store store, Class<T> type, Function<T, Commit> lite, Filter f, CommitSink<T> out)
      throws IOException {
    RecordType recordType = RecordType.of(type);
    Set<String> replaced = store.replacedKeys();
    // The window is taken first, then split 80/10/10 inside it: percentiles of the whole
    // history would put most of a recent window into validation and test.
    Splits.Chronological split =
        new Splits.Chronological(
            percentile(store, recordType, 0.8, f), percentile(store, recordType, 0.9, f));
    Once once = new Once(store, recordType);
    Signals signals = Signals.of(store, recordType);
    store.scan(
        type,
        r -> {
          Commit c = lite.apply(r.data());
          if (c.isMerge()
              || replaced.contains(c.hash())
              || !f.inWindow(r.ts())
              || (f.excludeReverted() && signals.revertedBy().containsKey(c.hash()))
              || !once.first(c.hash())) {
            return;
          }
          out.accept(r.data(), split.of(r.ts()), signals);
        });
  }

  /**
   * Lets each natural key (a commit's hash) through once. Only keys that more than one record
   * carries (a commit captured on two branches) are remembered, so memory stays flat however many
   * records there are.
   */
  private static final class Once {
    private final Set<String> repeated;
    private final Set<String> seen = new HashSet<>();

    Once(Store store, RecordType type) throws IOException {
      repeated = store.repeatedKeys(type);
    }

    boolean first(String key) {
      return !repeated.contains(key) || seen.add(key);
    }
  }

  /** The time below which a share {@code q} of a stream's records in the window lie. */
  private static long percentile(Store store, RecordType type, double q, Filter f)
      throws IOException {
    return store.timeAtShare(type, q, f.from(), f.to()).orElse(Long.MAX_VALUE);
  }

  /** A full commit's hunks as a unified-diff-like text, bounded to {@link #MAX_DIFF}. */
  static String diff(List<Hunk> hunks) {
    StringBuilder sb = new StringBuilder();
    String file = null;
    for (Hunk h : hunks) {
      if (DataDir.isDataPath(text(h.file()))) {
        continue; // gitml's own data, committed by an earlier gitml: no part of the change
      }
      if (!text(h.file()).equals(file)) {
        file = text(h.file());
        sb.append("--- ").append(file).append('\n');
      }
      sb.append("@@ ").append(h.startLine()).append(' ').append(text(h.function())).append('\n');
      h.contextBefore().forEach(l -> sb.append(' ').append(l).append('\n'));
      h.linesRemoved().forEach(l -> sb.append('-').append(l).append('\n'));
      h.linesAdded().forEach(l -> sb.append('+').append(l).append('\n'));
      h.contextAfter().forEach(l -> sb.append(' ').append(l).append('\n'));
      if (sb.length() > MAX_DIFF) {
        return sb.substring(0, MAX_DIFF) + "\n[diff cut at " + MAX_DIFF + " characters]";
      }
    }
    return sb.toString();
  }

  /** A record's file list without gitml's own data paths (an earlier gitml committed them). */
  private static List<String> files(List<String> files) {
    List<String> out = new ArrayList<>(files);
    out.removeIf(f -> f == null || DataDir.isDataPath(f));
    return out;
  }

  /** A text field, absent read as empty. */
  private static String text(String s) {
    return s == null ? "" : s;
  }
}
