package dev.gitml.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.record.StoredRecord;
import dev.gitml.storage.search.SearchQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: two writers at once, and kill -9 in the middle of appends and compactions. */
class StoreProcessTest {
  @TempDir Path tmp;

  private static Process start(DataDir dir, int from, int to, int batch, boolean compact)
      throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StoreStressMain.class.getName(),
                dir.root().toString(),
                Integer.toString(from),
                Integer.toString(to),
                Integer.toString(batch)));
    if (compact) {
      cmd.add("compact");
    }
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** Reads "ok N" lines in the background; returns the highest N acknowledged. */
  private static AtomicInteger acknowledged(Process p) {
    AtomicInteger last = new AtomicInteger(-1);
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (line.startsWith("ok ")) {
                    last.set(Integer.parseInt(line.substring(3)));
                  }
                }
              } catch (java.io.IOException e) {
                // the process was killed: what was acknowledged before is what counts
              }
            });
    t.setDaemon(true);
    t.start();
    return last;
  }

  @Test
  void append_twoProcessesAtOnceWithOverlap_nothingLostNothingDoubled() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 32 * 1024);
    Process a = start(dir, 0, 1500, 25, false);
    Process b = start(dir, 1000, 2500, 25, false);

    assertTrue(a.waitFor(120, TimeUnit.SECONDS) && b.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, a.exitValue());
    assertEquals(0, b.exitValue());

    try (Store store = Store.open(dir)) {
      List<String> ids = TestStores.scanIds(store);
      assertEquals(2500, ids.size());
      assertEquals(2500, new HashSet<>(ids).size());
      assertEquals(2500, store.stats().get("commits").records());
      assertTrue(store.verify().sound(), store.verify().problems().toString());
    }
  }

  @Test
  void kill9_duringAppends_everyRecordSearchableOnceItsBatchIsLeftALongTime() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 16 * 1024);
    Process p = start(dir, 0, 100_000, 50, false);
    AtomicInteger ack = acknowledged(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (ack.get() < 2_000 && System.nanoTime() < deadline && p.isAlive()) {
      Thread.sleep(20);
    }
    p.destroyForcibly(); // SIGKILL, with batches on their way to the search index
    p.waitFor(30, TimeUnit.SECONDS);
    assertTrue(ack.get() > 0, "acknowledged nothing");
    // as if a minute had passed: the rows of the killed process's batches are anyone's to add
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.index());
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE search_todo SET created = 0");
    }

    try (Store store = Store.open(dir)) {
      assertEquals(1, store.search(SearchQuery.of("change 1", 1)).size());
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.index());
        Statement s = c.createStatement()) {
      s.execute("ATTACH DATABASE '" + SearchIndexer.fileBeside(dir.index()) + "' AS s");
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*), sum(NOT EXISTS (SELECT 1 FROM s.search_docs d WHERE d.rec = r.id))"
                  + " FROM records r")) {
        rs.next();
        assertTrue(rs.getLong(1) >= ack.get(), "records indexed: " + rs.getLong(1));
        assertEquals(0, rs.getLong(2), "records without their search pieces");
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM search_todo")) {
        rs.next();
        assertEquals(0, rs.getLong(1));
      }
    }
  }

  @Test
  void kill9_duringAppendsAndCompactions_everyAcknowledgedRecordOnceAfterReopen() throws Exception {
    DataDir dir = TestStores.dataDir(tmp, 16 * 1024);
    Random random = new Random(42);
    int acknowledgedUpTo = 0;
    int from = 0;
    for (int round = 0; round < 4; round++) {
      Process p = start(dir, from, from + 100_000, 10, true);
      AtomicInteger ack = acknowledged(p);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (ack.get() < from + 50 && System.nanoTime() < deadline && p.isAlive()) {
        Thread.sleep(20);
      }
      Thread.sleep(100 + random.nextInt(700));
      p.destroyForcibly(); // SIGKILL
      p.waitFor(30, TimeUnit.SECONDS);
      Thread.sleep(100); // let the reader see the last acknowledgement
      assertTrue(ack.get() > from, "round " + round + " acknowledged nothing");
      acknowledgedUpTo = ack.get();
      // the next round starts a little before, so it also replays acknowledged records
      from = Math.max(0, acknowledgedUpTo - 25);
    }

    try (Store store = Store.open(dir)) {
      List<String> ids = TestStores.scanIds(store);
      Set<String> unique = new HashSet<>(ids);
      assertEquals(unique.size(), ids.size(), "a record was read twice");
      for (int i = 0; i < acknowledgedUpTo; i++) {
        StoredRecord r = TestStores.commit(i);
        assertTrue(unique.contains(r.id()), "acknowledged record " + i + " was lost");
      }
      assertEquals(unique.size(), store.stats().get("commits").records());
      VerifyReport report = store.verify();
      assertTrue(report.sound(), report.problems().toString());
      assertEquals(unique.size(), store.reindex());
    }
  }
}
