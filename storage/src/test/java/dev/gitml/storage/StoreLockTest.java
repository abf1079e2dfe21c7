package dev.gitml.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store lock in one JVM (the daemon runs commands for clients beside its own work). */
class StoreLockTest {
  @TempDir Path tmp;

  @Test
  void open_sameStoreThroughASymlinkWhileLocked_waitsForTheLockInsteadOfFailing() throws Exception {
    DataDir direct = TestStores.dataDir(tmp.resolve("repo"), 1 << 20);
    Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("repo"));
    DataDir linked = DataDir.of(link);
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread other =
        new Thread(
            () -> {
              try (Store s = Store.open(linked)) {
                s.append(List.of(TestStores.commits(0, 1).get(0)));
              } catch (Throwable e) {
                failed.set(e);
              }
            });

    try (Store store = Store.open(direct)) {
      store.whileLocked(
          () -> {
            other.start();
            try {
              other.join(500);
            } catch (InterruptedException e) {
              throw new java.io.InterruptedIOException();
            }
            assertTrue(other.isAlive(), "the store reached through the link waits for the lock");
            return null;
          });
      other.join(10_000);

      assertNull(failed.get());
      assertEquals(1, store.keys(dev.gitml.storage.record.RecordType.COMMIT).size());
    }
  }
}
