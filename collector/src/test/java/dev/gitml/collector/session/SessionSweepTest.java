package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the sweep remembers of whether a session is a repository's. */
class SessionSweepTest {
  @TempDir Path tmp;

  /** A source of one file, that belongs when it says "ours", counting how often it is asked. */
  private static final class OneFile implements SessionSource {
    final Path file;
    final boolean mayChange;
    final List<Path> asked = new ArrayList<>();

    OneFile(Path file, boolean mayChange) {
      this.file = file;
      this.mayChange = mayChange;
    }

    @Override
    public String assistant() {
      return "test";
    }

    @Override
    public List<Path> roots() {
      return List.of(file.getParent());
    }

    @Override
    public List<Path> sessions(Consumer<String> refused) {
      return List.of(file);
    }

    @Override
    public boolean belongs(Path session, List<Path> workTrees) {
      asked.add(session);
      try {
        return Files.readString(session).contains("ours");
      } catch (java.io.IOException e) {
        return false;
      }
    }

    @Override
    public boolean belongingMayChange(Path session) {
      return mayChange;
    }
  }

  private int found(SessionSweep sweep, OneFile source) {
    return sweep
        .changed(List.of(source), List.of(tmp), System.currentTimeMillis(), 8, w -> {})
        .size();
  }

  @Test
  void changed_databaseGainsTheRepositorysSession_askedAgainWhenItChanged() throws Exception {
    Path db = Files.writeString(tmp.resolve("a.db"), "theirs");
    OneFile source = new OneFile(db, true);
    SessionSweep sweep = new SessionSweep(60_000);

    assertEquals(0, found(sweep, source));
    assertEquals(0, found(sweep, source));
    assertEquals(1, source.asked.size(), "unchanged: not asked again");
    Files.writeString(db, "theirs, ours");
    Files.setLastModifiedTime(db, FileTime.fromMillis(System.currentTimeMillis() + 5000));

    assertEquals(1, found(sweep, source));
  }

  @Test
  void changed_sessionFile_askedOnce() throws Exception {
    Path f = Files.writeString(tmp.resolve("s.jsonl"), "theirs");
    OneFile source = new OneFile(f, false);
    SessionSweep sweep = new SessionSweep(60_000);

    assertEquals(0, found(sweep, source));
    Files.writeString(f, "theirs, ours");
    Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() + 5000));

    assertEquals(0, found(sweep, source));
    assertEquals(1, source.asked.size());
  }
}
