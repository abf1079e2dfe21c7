package dev.gitml.collector.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds the sessions of a repository that are new or grew since the last look, in every assistant's
 * default location, for assistants whose hooks did not report them (none installed, or an assistant
 * that has none). It costs a directory listing and a {@code stat} per session file: a session's
 * first lines are read once, to tell its repository, and a session whose size and time have not
 * changed since it was handled is passed over. What it remembers is held in memory, so a new daemon
 * looks at each session once more (the store's cursors keep that cheap).
 */
public final class SessionSweep {
  /** A session's size and modification time when it was last handled. */
  private record Stat(long size, long mtimeMillis) {}

  /** A session to read: its file, source, and whether it has been quiet long enough to be over. */
  public record Found(Path session, SessionSource source, boolean quiet) {}

  /** A session as it was when last handled, and whether it was then read whole. */
  private record Seen(Stat stat, boolean whole) {}

  private final Map<Path, Seen> handled = new HashMap<>();

  /** Whether a session was a repository's, when the file was as {@code stat}. */
  private record Answer(Stat stat, boolean ours) {}

  private final Map<String, Answer> belongs = new HashMap<>();
  private final long quietMillis;

  /** A sweep that takes a session untouched for {@code quietMillis} as ended. */
  public SessionSweep(long quietMillis) {
    this.quietMillis = quietMillis;
  }

  /**
   * The sessions of {@code workTrees} (a repository's main work tree first) in {@code sources} that
   * changed since they were last {@link #handled}, at most {@code max}, oldest change first.
   */
  public List<Found> changed(
      List<SessionSource> sources,
      List<Path> workTrees,
      long nowMillis,
      int max,
      Consumer<String> refused) {
    String repo = workTrees.get(0).toString();
    List<Found> out = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    for (SessionSource source : sources) {
      List<Path> sessions;
      try {
        sessions = source.candidates(workTrees, refused);
      } catch (IOException | RuntimeException e) {
        refused.accept(source.assistant() + ": " + e.getMessage());
        continue;
      }
      for (Path s : sessions) {
        Stat now = stat(s);
        if (now == null) {
          continue;
        }
        boolean quiet = nowMillis - now.mtimeMillis() >= quietMillis;
        Seen seen = handled.get(s);
        if (seen != null && seen.stat().equals(now) && (seen.whole() || !quiet)) {
          continue; // unchanged, and read whole or still live
        }
        String key = repo + "\0" + s;
        Answer asked = belongs.get(key);
        if (asked == null || (source.belongingMayChange(s) && !asked.stat().equals(now))) {
          asked = new Answer(now, source.belongs(s, workTrees));
          belongs.put(key, asked);
        }
        boolean ours = asked.ours();
        if (!ours) {
          continue;
        }
        out.add(new Found(s, source, quiet));
        times.add(now.mtimeMillis());
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> Long.compare(times.get(a), times.get(b)));
    List<Found> sorted = new ArrayList<>();
    for (int i : order.subList(0, Math.min(max, order.size()))) {
      sorted.add(out.get(i));
    }
    return sorted;
  }

  /**
   * Notes that {@code session} was read as it is now, {@code whole} or from its cursor: it is
   * passed over until it changes or, read from its cursor, until it has been quiet long enough to
   * be read whole.
   */
  public void handled(Path session, boolean whole) {
    Stat s = stat(session);
    if (s != null) {
      handled.put(session, new Seen(s, whole));
    }
  }

  /**
   * The file's size and time; an SQLite database's with its write-ahead log's ({@code -wal}), where
   * its changes are until a checkpoint.
   */
  private static Stat stat(Path f) {
    try {
      BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
      Stat s = new Stat(a.size(), a.lastModifiedTime().toMillis());
      Path wal = f.resolveSibling(f.getFileName() + "-wal");
      if (f.getFileName().toString().endsWith(".db") && Files.isRegularFile(wal)) {
        BasicFileAttributes w = Files.readAttributes(wal, BasicFileAttributes.class);
        s =
            new Stat(
                s.size() + w.size(), Math.max(s.mtimeMillis(), w.lastModifiedTime().toMillis()));
      }
      return s;
    } catch (IOException gone) {
      return null;
    }
  }
}
