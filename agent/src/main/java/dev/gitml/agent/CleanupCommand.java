package dev.gitml.agent;

import dev.gitml.storage.Compactor;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.RecordType;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gitml cleanup [--days N] [--dry-run]}: drops records older than the retention window
 * (the training runs are kept) by rewriting the chunks that hold them.
 */
@Command(name = "cleanup", description = "Drop records older than the retention window.")
final class CleanupCommand implements Callable<Integer> {
  @ParentCommand GitmlCommand gitml;

  @Option(names = "--days", paramLabel = "N",
      description = "Keep this many days (default: retention_days in config.json, 730).")
  Integer days;

  @Option(names = "--dry-run", description = "Say what would be dropped; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    try (Store store = gitml.openStore()) {
      int keep = days != null ? days : store.config().retentionDays();
      if (keep < 1) {
        throw new Cli.UsageException("--days: at least 1");
      }
      long cutoff = gitml.clock().instant().minus(Duration.ofDays(keep)).toEpochMilli();
      String where = " FROM records WHERE ts > 0 AND ts < " + cutoff + " AND stream <> '"
          + RecordType.RUN.stream() + "'";
      List<long[]> old = store.index().query("SELECT count(*), coalesce(sum(len + 1), 0)"
          + where, rs -> new long[] {rs.getLong(1), rs.getLong(2)});
      long records = old.get(0)[0];
      long bytes = old.get(0)[1];
      var out = gitml.out();
      if (dryRun || records == 0) {
        out.printf(Locale.ROOT, "%s %d records older than %d days (%s as JSONL)%n",
            dryRun ? "would drop" : "nothing to drop:", records, keep, Sizes.bytes(bytes));
        if (dryRun && records > 0) {
          for (Object[] row : store.index().query("SELECT stream, count(*)" + where
              + " GROUP BY stream ORDER BY stream",
              rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
            out.printf(Locale.ROOT, "  %-14s %d%n", row[0], (Long) row[1]);
          }
        }
        return Cli.OK;
      }
      store.sealAll();
      Compactor.Result r = store.compact(rec -> rec.ts() > 0 && rec.ts() < cutoff
          && rec.type() != RecordType.RUN);
      out.printf(Locale.ROOT, "dropped %d records older than %d days; chunks %s -> %s%n",
          r.recordsDropped(), keep, Sizes.bytes(r.bytesBefore()), Sizes.bytes(r.bytesAfter()));
      if (r.recordsDropped() < records) {
        out.printf(Locale.ROOT, "%d older records are in other clones' open segments: they go"
            + " when those clones clean up%n", records - r.recordsDropped());
      }
    }
    return Cli.OK;
  }
}
