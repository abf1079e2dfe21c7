package dev.gitml.agent;

import dev.gitml.storage.Compactor;
import dev.gitml.storage.Retention;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.RecordType;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gitml cleanup [--days N] [--dry-run]}: drops records older than the retention window (the
 * training runs are kept) by rewriting the chunks that hold them.
 */
@Command(name = "cleanup", description = "Drop records older than the retention window.")
final class CleanupCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(
      names = "--days",
      paramLabel = "N",
      description = "Keep this many days (default: retention_days in config.json, 730).")
  Integer days;

  @Option(names = "--dry-run", description = "Say what would be dropped; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    try (Store store = gitml().openStore()) {
      int keep = days != null ? days : store.config().retentionDays();
      if (keep < 1) {
        throw new Cli.UsageException("--days: at least 1");
      }
      Retention rule = Retention.keepingDays(keep, gitml().clock());
      Map<RecordType, Store.Expired> expired = store.expired(rule);
      long records = 0;
      long bytes = 0;
      Map<String, Long> byStream = new TreeMap<>();
      for (Map.Entry<RecordType, Store.Expired> e : expired.entrySet()) {
        records += e.getValue().records();
        bytes += e.getValue().rawBytes();
        byStream.put(e.getKey().stream(), e.getValue().records());
      }
      var out = gitml().out();
      if (dryRun || records == 0) {
        out.printf(
            Locale.ROOT,
            "%s %d records older than %d days (%s as JSONL)%n",
            dryRun ? "would drop" : "nothing to drop:",
            records,
            keep,
            Sizes.bytes(bytes));
        if (dryRun) {
          byStream.forEach((stream, n) -> out.printf(Locale.ROOT, "  %-14s %d%n", stream, n));
        }
        return Cli.OK;
      }
      Compactor.Result r = store.dropExpired(rule);
      out.printf(
          Locale.ROOT,
          "dropped %d records older than %d days; chunks %s -> %s%n",
          r.recordsDropped(),
          keep,
          Sizes.bytes(r.bytesBefore()),
          Sizes.bytes(r.bytesAfter()));
      if (r.recordsDropped() < records) {
        out.printf(
            Locale.ROOT,
            "%d older records are in other clones' open segments: they go"
                + " when those clones clean up%n",
            records - r.recordsDropped());
      }
    }
    return Cli.OK;
  }
}
