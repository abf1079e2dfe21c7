package dev.gitml.bench;

import dev.gitml.collector.export.Format;
import dev.gitml.collector.export.Task;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.StoredRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Issue 19: {@code gitml export --format parquet} at ≥ 100k records/s in process, in flat memory,
 * smaller than the same export as JSONL. N lite commits (real ones from the history data set,
 * repeated with new hashes) are exported as the file-prediction task from one store, as JSONL (the
 * reference, in the same run) and as Parquet, alternately, three times each (the median is shown);
 * the heap's peak is read from the JVM's memory pools during each export. Then the command a user
 * runs writes the Parquet export with a 64 MB heap: it streams, or it fails.
 */
public final class ParquetBench {
  private ParquetBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Path work = Bench.scratch("parquet");
    Path repo = work.resolve("repo");
    Files.createDirectories(repo);
    Bench.run(List.of("git", "init", "-q"), repo, Map.of());
    DataDir.of(repo).initialize();
    try (Store store = Store.open(DataDir.of(repo))) {
      List<StoredRecord> batch = new ArrayList<>();
      for (Commit c : Corpus.liteCommits(n)) {
        batch.add(StoredRecord.of(c));
        if (batch.size() == 10_000) {
          store.append(batch);
          batch.clear();
        }
      }
      store.append(batch);
    }
    List<Double> jsonl = new ArrayList<>();
    List<Double> parquet = new ArrayList<>();
    long[] jsonlPeak = {0};
    long[] parquetPeak = {0};
    for (int i = 0; i < 3; i++) {
      jsonl.add(export(repo, Format.JSONL, work.resolve("out.jsonl"), jsonlPeak));
      parquet.add(export(repo, Format.PARQUET, work.resolve("out-parquet"), parquetPeak));
    }
    long jsonlBytes = Files.size(work.resolve("out.jsonl"));
    long parquetBytes = size(work.resolve("out-parquet/data"));
    double cli =
        Bench.run(
            List.of(
                System.getProperty("gitml.command"),
                "export",
                "--format",
                "parquet",
                "--task",
                "file-prediction",
                "--out",
                work.resolve("cli").toString()),
            repo,
            Map.of("GITML_HOME", work.resolve("home").toString(), "GITML_JAVA_OPTS", "-Xmx64m"));

    Bench.header("export of lite commits as file-prediction examples: Parquet beside JSONL");
    double p = n / Bench.median(parquet);
    double j = n / Bench.median(jsonl);
    Bench.row(
        Bench.fmt("%,d records, rate", n),
        Bench.fmt("Parquet %,.0f records/s", p),
        Bench.fmt("JSONL %,.0f records/s", j),
        Bench.fmt("%.2f×", p / j));
    Bench.row(
        "size",
        "Parquet " + Bench.mb(parquetBytes),
        "JSONL " + Bench.mb(jsonlBytes),
        Bench.fmt("%.2f×", (double) parquetBytes / jsonlBytes));
    Bench.row(
        "peak heap in use during the export",
        "Parquet " + Bench.mb(parquetPeak[0]),
        "JSONL " + Bench.mb(jsonlPeak[0]),
        "");
    Bench.row(
        "gitml export --format parquet, -Xmx64m, with start-up",
        Bench.fmt("%.1f s", cli),
        Bench.fmt("%,.0f records/s", n / cli),
        "");
    System.out.println("(target ≥ 100k records/s in process, flat memory, smaller than JSONL)");
  }

  /** Seconds one export takes; raises {@code peak} to the heap's peak during it. */
  private static double export(Path repo, Format format, Path out, long[] peak) throws Exception {
    System.gc();
    List<MemoryPoolMXBean> heap =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(m -> m.getType() == MemoryType.HEAP)
            .toList();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    long t = System.nanoTime();
    Bench.export(repo, format, Task.FILE_PREDICTION, out);
    double s = Bench.seconds(t);
    long used = heap.stream().mapToLong(m -> m.getPeakUsage().getUsed()).sum();
    peak[0] = Math.max(peak[0], used);
    return s;
  }

  private static long size(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
