package dev.gitml.storage;

import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.Hunk;
import dev.gitml.storage.record.StoredRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Data directories and records for tests. */
final class TestStores {
  private TestStores() {}

  /** An initialized data directory whose segments seal at {@code segmentBytes}. */
  static DataDir dataDir(Path root, long segmentBytes) throws IOException {
    DataDir dir = new DataDir(root.resolve(".git-ml"));
    dir.initialize();
    Files.writeString(
        dir.config(),
        "{\"chunks\": {\"segment_bytes\": " + segmentBytes + ", \"block_bytes\": 4096}}",
        StandardCharsets.UTF_8);
    return dir;
  }

  static StoredRecord commit(int i) {
    String hash = String.format("%040x", i + 1);
    return StoredRecord.of(
        new Commit(
            hash,
            "change " + i + "\n\nwith a body",
            "dev",
            String.format("2026-01-%02dT10:00:00+02:00", 1 + i % 28),
            "main",
            List.of("src/F" + (i % 17) + ".java", "README.md"),
            i % 50,
            i % 7,
            10,
            "Friday",
            false,
            i == 0,
            1,
            60L));
  }

  static StoredRecord fullCommit(int i) {
    Commit c = commit(i).as(Commit.class);
    List<Hunk> hunks = new ArrayList<>();
    hunks.add(
        new Hunk(
            "src/F" + (i % 17) + ".java",
            "void run()",
            10 + i,
            List.of("    int x = " + i + ";"),
            List.of("    int x = 0;"),
            List.of("  void run() {"),
            List.of("  }"),
            "modify"));
    return StoredRecord.of(c.full(hunks, null, false, false, null));
  }

  static List<StoredRecord> commits(int from, int to) {
    List<StoredRecord> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(commit(i));
    }
    return out;
  }

  /** The ids of every record the store reads back, in scan order, duplicates included. */
  static List<String> scanIds(Store store) throws IOException {
    List<String> ids = new ArrayList<>();
    for (var t : dev.gitml.storage.record.RecordType.values()) {
      store.scan(t, r -> ids.add(r.id()));
    }
    return ids;
  }
}
