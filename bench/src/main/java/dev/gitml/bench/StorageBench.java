package dev.gitml.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.RecordCodec;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StoredRecord;
import java.io.BufferedReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 2's storage figures on N lite commit records (default 100,000, real ones from the history
 * data set): bulk write and read throughput, the latency of small appends, index rebuild, and the
 * wall time of {@code gitml chunks stats}. Each beside a reference measured in the same run on the
 * same bytes: for writes, appending the plain JSONL to a file with the same fsync per batch; for
 * reads and the rebuild, reading that file and parsing every line with Jackson; for the command,
 * starting the JVM ({@code java -version}).
 */
public final class StorageBench {
  /** Records per append in bulk (a migration or backfill batch); both sides fsync per batch. */
  private static final int BATCH = 10_000;

  /** Small appends, as the daemon makes them: one commit's lite and full record. */
  private static final int SMALL_APPENDS = 300;

  private StorageBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    String gitml = System.getProperty("gitml.command");
    List<StoredRecord> records = new ArrayList<>(n);
    for (Commit c : Corpus.liteCommits(n)) {
      records.add(StoredRecord.of(c));
    }
    long raw = 0;
    List<byte[]> lines = new ArrayList<>(n);
    for (StoredRecord r : records) {
      byte[] line = RecordCodec.toLine(r);
      lines.add(line);
      raw += line.length + 1;
    }
    System.out.printf("%d lite commit records, %s as JSONL%n", n, Bench.mb(raw));
    Path root = Bench.scratch("storage");

    // reference write: the same bytes appended to one file, fsync per batch of 1,000
    Path plain = root.resolve("plain.jsonl");
    long t = System.nanoTime();
    try (FileChannel ch =
        FileChannel.open(
            plain,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      for (int i = 0; i < n; i += BATCH) {
        ByteBuffer buf = ByteBuffer.allocate(1 << 24);
        for (int j = i; j < Math.min(n, i + BATCH); j++) {
          buf.put(lines.get(j)).put((byte) '\n');
        }
        ch.write(buf.flip());
        ch.force(false);
      }
    }
    double refWrite = Bench.seconds(t);

    Path repo = root.resolve("repo");
    Files.createDirectories(repo.resolve(".git"));
    DataDir dir = DataDir.of(repo);
    dir.initialize();
    t = System.nanoTime();
    try (Store store = Store.open(dir)) {
      for (int i = 0; i < n; i += BATCH) {
        store.append(records.subList(i, Math.min(n, i + BATCH)));
      }
    }
    double write = Bench.seconds(t);

    // reference read: the plain file, every line parsed into a tree
    ObjectMapper json = new ObjectMapper();
    t = System.nanoTime();
    long parsed = 0;
    try (BufferedReader in = Files.newBufferedReader(plain, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        json.readTree(line);
        parsed++;
      }
    }
    double refRead = Bench.seconds(t);

    long[] read = {0};
    double scan;
    double reindex;
    long stored;
    try (Store store = Store.open(dir)) {
      t = System.nanoTime();
      store.scan(RecordType.COMMIT, r -> read[0]++);
      scan = Bench.seconds(t);
      t = System.nanoTime();
      store.reindex();
      reindex = Bench.seconds(t);
      stored = store.stats().get("commits").storedBytes();
    }
    if (read[0] != n || parsed != n) {
      throw new IllegalStateException("read " + read[0] + " and " + parsed + " of " + n);
    }

    // small appends: two records each, fsynced, as the daemon writes one commit
    List<Double> small = new ArrayList<>();
    List<Double> smallRef = new ArrayList<>();
    List<StoredRecord> extra = new ArrayList<>();
    for (Commit c : Corpus.liteCommits(n + 2 * SMALL_APPENDS).subList(n, n + 2 * SMALL_APPENDS)) {
      extra.add(StoredRecord.of(c));
    }
    try (Store store = Store.open(dir);
        FileChannel ch =
            FileChannel.open(plain, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      for (int i = 0; i < extra.size(); i += 2) {
        List<StoredRecord> two = extra.subList(i, i + 2);
        long s = System.nanoTime();
        store.append(two);
        small.add(Bench.seconds(s) * 1000);
        s = System.nanoTime();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        for (StoredRecord r : two) {
          buf.put(RecordCodec.toLine(r)).put((byte) '\n');
        }
        ch.write(buf.flip());
        ch.force(false);
        smallRef.add(Bench.seconds(s) * 1000);
      }
    }

    Bench.header("storage, " + n + " lite commit records (higher is better but for times)");
    Bench.row(
        "write (records/s)",
        Bench.fmt("%.0f/s %.0f MB/s", n / write, raw / 1e6 / write),
        Bench.fmt("%.0f/s %.0f MB/s", n / refWrite, raw / 1e6 / refWrite),
        Bench.fmt("%.2f", refWrite / write));
    Bench.row(
        "append of 2 records, p50 / p95 (ms)",
        Bench.fmt("%.1f / %.1f ms", pct(small, 50), pct(small, 95)),
        Bench.fmt("%.1f / %.1f ms", pct(smallRef, 50), pct(smallRef, 95)),
        Bench.fmt("%.2f", pct(smallRef, 95) / pct(small, 95)));
    Bench.row(
        "read (records/s)",
        Bench.fmt("%.0f/s %.0f MB/s", n / scan, raw / 1e6 / scan),
        Bench.fmt("%.0f/s %.0f MB/s", n / refRead, raw / 1e6 / refRead),
        Bench.fmt("%.2f", refRead / scan));
    Bench.row(
        "index rebuild (s)",
        Bench.fmt("%.2f s", reindex),
        Bench.fmt("%.2f s", refRead),
        Bench.fmt("%.2f", refRead / reindex));
    Bench.row(
        "stored (raw / stored)",
        Bench.fmt("%.1fx %s", (double) raw / stored, Bench.mb(stored)),
        Bench.mb(raw),
        "");
    if (gitml != null) {
      double stats =
          Bench.medianWall(
              List.of(gitml, "-C", repo.toString(), "chunks", "stats", "--json"), root, 7);
      double jvm =
          Bench.medianWall(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-version"),
              root,
              7);
      Bench.row(
          "`gitml chunks stats` wall (s)",
          Bench.fmt("%.3f s", stats),
          Bench.fmt("%.3f s (JVM start)", jvm),
          Bench.fmt("%.2f", jvm / stats));
      System.out.println("the Python collector's `stats`: 0.3 s (docs/targets.md)");
    }
    System.out.println("write: appends of " + BATCH + " records, each side fsyncs per append");
    if (System.getProperty("gitml.keep") == null) {
      Bench.deleteTree(root);
    }
  }

  private static double pct(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
  }
}
