package dev.gitml.bench;

import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.chunk.ChunkOptions;
import dev.gitml.storage.chunk.Chunks;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.RecordCodec;
import dev.gitml.storage.record.StoredRecord;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * docs/targets.md: stored size of commits with hunks, ≥ 10× smaller than their raw JSON (the Python
 * collector: 4.2×). Stores real code changes through the store (append, seal, compact) and
 * compares, on the same records, with the Python collector's way (each record deflated with zlib
 * and base64-encoded) and with gzip of the whole JSONL.
 */
public final class CompressionBench {
  private CompressionBench() {}

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of("bench/target/corpus");
    List<CommitFull> commits = Corpus.fullCommits(corpus);
    List<StoredRecord> records = new ArrayList<>();
    List<byte[]> lines = new ArrayList<>();
    long raw = 0;
    long hunks = 0;
    for (CommitFull c : commits) {
      StoredRecord r = StoredRecord.of(c);
      records.add(r);
      byte[] line = RecordCodec.toLine(r);
      lines.add(line);
      raw += line.length + 1;
      hunks += c.hunks().size();
    }
    System.out.printf(
        "corpus: %d commits with %d hunks, %s of JSONL (real code: consecutive"
            + " releases of commons-codec and commons-lang3)%n",
        commits.size(), hunks, Bench.mb(raw));

    Path root = Bench.scratch("compression");
    DataDir dir = new DataDir(root.resolve(".git-ml"));
    dir.initialize();
    long stored;
    try (Store store = Store.open(dir)) {
      for (int i = 0; i < records.size(); i += 200) {
        store.append(records.subList(i, Math.min(records.size(), i + 200)));
      }
      store.sealAll();
      store.compact(null);
      stored = store.stats().get("commits-full").storedBytes();
    }

    long python = 0;
    Deflater deflater = new Deflater(6);
    byte[] buf = new byte[1 << 20];
    for (byte[] line : lines) {
      deflater.reset();
      deflater.setInput(line);
      deflater.finish();
      ByteArrayOutputStream z = new ByteArrayOutputStream();
      while (!deflater.finished()) {
        z.write(buf, 0, deflater.deflate(buf));
      }
      python += Base64.getEncoder().encode(z.toByteArray()).length + 1;
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      for (byte[] line : lines) {
        out.write(line);
        out.write('\n');
      }
    }

    Bench.header("stored size of commits with hunks (raw JSONL / stored bytes; higher is better)");
    double ours = (double) raw / stored;
    double py = (double) raw / python;
    Bench.row(
        "gitml chunks vs Python's zlib+base64",
        Bench.fmt("%.1fx (%s)", ours, Bench.mb(stored)),
        Bench.fmt("%.1fx (%s)", py, Bench.mb(python)),
        Bench.fmt("%.2f", ours / py));
    Bench.row(
        "gitml chunks vs gzip -6 of the JSONL",
        Bench.fmt("%.1fx", ours),
        Bench.fmt("%.1fx (%s)", (double) raw / gz.size(), Bench.mb(gz.size())),
        Bench.fmt("%.2f", ours / ((double) raw / gz.size())));
    System.out.printf("target: >= 10x; the Python collector reported 4.2x%n");

    if (args.length > 0 && args[0].equals("--sweep")) {
      sweep(lines, raw);
    }
    Bench.deleteTree(root);
  }

  /** Ratio by block size and zstd level, sealing 4 MiB segments as the store does. */
  private static void sweep(List<byte[]> lines, long raw) throws Exception {
    Path dir = Bench.scratch("compression-sweep");
    System.out.println();
    System.out.println("block size x zstd level (ratio, seal MB/s)");
    for (int block : new int[] {64 << 10, 256 << 10, 1 << 20, 4 << 20}) {
      StringBuilder row = new StringBuilder(Bench.fmt("%5d KiB", block >> 10));
      for (int level : new int[] {3, 9, 15, 19}) {
        ChunkOptions o = new ChunkOptions(4L << 20, block, level);
        long stored = 0;
        long t = System.nanoTime();
        List<Chunks.Line> segment = new ArrayList<>();
        long size = 0;
        for (int i = 0; i <= lines.size(); i++) {
          if (i == lines.size() || size >= o.segmentBytes()) {
            if (!segment.isEmpty()) {
              Chunks.Sealed s = Chunks.seal(dir, segment, o);
              stored += Files.size(s.file());
              Files.delete(s.file());
            }
            segment = new ArrayList<>();
            size = 0;
          }
          if (i < lines.size()) {
            segment.add(new Chunks.Line(lines.get(i), 0));
            size += lines.get(i).length + 1;
          }
        }
        row.append(
            Bench.fmt(
                "   L%-2d %5.1fx %5.0f",
                level, (double) raw / stored, raw / 1e6 / Bench.seconds(t)));
      }
      System.out.println(row);
    }
    Bench.deleteTree(dir);
  }
}
