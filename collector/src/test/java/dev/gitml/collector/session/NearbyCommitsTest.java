package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.StoredRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NearbyCommitsTest {
  @TempDir Path tmp;

  private static final long DAY = 24L * 3_600_000;
  private static final long T0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();

  private static Commit commit(int i, long millis) {
    return new Commit(
        String.format("%040x", i),
        "change " + i,
        "a",
        Instant.ofEpochMilli(millis).toString(),
        "main",
        List.of("f" + i),
        1,
        0,
        12,
        "Monday",
        false,
        false,
        1,
        60L);
  }

  private static List<String> hashes(List<Commit> commits) {
    return commits.stream().map(Commit::hash).toList();
  }

  @Test
  void between_windowsInsideAndOutsideWhatIsHeld_whatTheStoreAnswers() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    DataDir.of(repo).initialize();
    List<StoredRecord> records = new ArrayList<>();
    long[] times = {
      T0, T0 + 1, T0 + DAY, T0 + 20 * DAY, T0 + 45 * DAY, T0 + 200 * DAY, T0 - 3 * DAY, T0 + DAY
    };
    for (int i = 0; i < times.length; i++) {
      records.add(StoredRecord.of(commit(i, times[i])));
    }
    long[][] windows = {
      {T0, T0}, // both ends included
      {T0 + 1, T0 + DAY},
      {T0 - 5 * DAY, T0 + 2 * DAY},
      {T0 + 40 * DAY, T0 + 50 * DAY}, // past what the first read held
      {T0 + 150 * DAY, T0 + 250 * DAY},
      {T0 - 400 * DAY, T0 - 300 * DAY}, // none
      {T0 + 2, T0 + DAY - 1}, // between two commits: none
    };
    try (Store store = Store.open(DataDir.of(repo))) {
      store.append(records);
      for (int maxHeld : new int[] {NearbyCommits.MAX_HELD, 2}) {
        NearbyCommits near = new NearbyCommits(store, maxHeld);
        for (long[] w : windows) {
          List<Commit> expected = new ArrayList<>();
          store.between(Commit.class, w[0], w[1]).forEach(c -> expected.add(c.data()));
          assertEquals(
              hashes(expected),
              hashes(near.between(w[0], w[1])),
              "window " + w[0] + ".." + w[1] + ", at most " + maxHeld + " held");
        }
      }
    }
  }
}
