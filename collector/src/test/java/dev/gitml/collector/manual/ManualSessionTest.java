package dev.gitml.collector.manual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.collector.session.CommitLinks;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.record.CommitFull;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The open manual session as the daemon sees it: which captured commits link to it. */
class ManualSessionTest {
  private static final Clock AT_TEN =
      Clock.fixed(Instant.parse("2026-01-21T10:00:00.600Z"), ZoneOffset.UTC);

  @TempDir Path tmp;

  private static CommitFull commit(String hash, String time) {
    return new CommitFull(
        hash,
        "m",
        "Ana",
        time,
        "main",
        List.of("a.txt"),
        1,
        0,
        10,
        "Wednesday",
        false,
        false,
        1,
        null,
        List.of(),
        null,
        false,
        false,
        null);
  }

  @Test
  void linksFor_noSessionOpen_none() throws Exception {
    DataDir data = DataDir.of(tmp);
    data.initialize();

    assertEquals(
        List.of(), ManualSession.linksFor(data, List.of(commit("c1", "2026-01-21T11:00:00Z"))));
  }

  @Test
  void linksFor_openSession_linksCommitsFromItsSecondOnNotEarlierOnes() throws Exception {
    DataDir data = DataDir.of(tmp);
    data.initialize();
    ManualSession.start(data, "s1", tmp, "main", AT_TEN, new Random(1));

    var links =
        ManualSession.linksFor(
            data,
            List.of(
                commit("before", "2026-01-21T09:59:59Z"),
                commit("same-second", "2026-01-21T10:00:00Z"),
                commit("after", "2026-01-21T11:00:00+01:00")));

    assertEquals(
        List.of(
            CommitLinks.sessionCommit("s1", "same-second", "2026-01-21T10:00:00Z"),
            CommitLinks.sessionCommit("s1", "after", "2026-01-21T11:00:00+01:00")),
        links);
  }

  @Test
  void start_whileOneIsOpen_refusedNamingIt() throws Exception {
    DataDir data = DataDir.of(tmp);
    data.initialize();
    ManualSession.Open first = ManualSession.start(data, null, tmp, null, AT_TEN, new Random(1));

    var e =
        assertThrows(
            ManualSession.AlreadyOpenException.class,
            () -> ManualSession.start(data, "s2", tmp, null, AT_TEN, new Random(2)));

    assertTrue(first.sessionId().matches("[0-9a-f]{8}"), first.sessionId());
    assertTrue(e.getMessage().contains(first.sessionId()), e.getMessage());
    assertEquals(first, ManualSession.open(data).orElseThrow());
  }
}
