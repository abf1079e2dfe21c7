package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.redact.RecordScrubber;
import dev.gitml.storage.Store;
import dev.gitml.storage.Uninterruptibly;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.RecordData;
import dev.gitml.storage.record.RecordMapper;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StoredRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Records on their way to the store, in three stages that run at once: the reader's thread turns
 * each record into its own data tree; a pool of threads (one per core, at most two) redacts and
 * hashes the trees; a writer thread stores them, in the order added, in batches. A batch is handed
 * to the writer as soon as a quarter of {@code limit} characters is ready while the writer is idle,
 * so a short transcript is stored while it is read, and up to {@code limit} while it is busy, so a
 * long one pays the store's cost per batch (an fsync per stream, an index commit) rarely. At most
 * two batches are held: the one being stored and the one being read. Closing it waits for the batch
 * being stored.
 */
final class IngestQueue implements AutoCloseable {
  /** Redaction and hashing: the CPU-heavy part of a record's way, spread over the cores. */
  private static final ExecutorService PREPARERS =
      Executors.newFixedThreadPool(
          Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())),
          work -> {
            Thread t = new Thread(work, "gitml-ingest-prepare");
            t.setDaemon(true);
            return t;
          });

  /**
   * Stores batches while the next one is read: its chunk writes, fsyncs and index, full-text
   * included. Idle writers end after a minute.
   */
  private static final ExecutorService WRITERS =
      Executors.newCachedThreadPool(
          work -> {
            Thread t = new Thread(work, "gitml-ingest-writer");
            t.setDaemon(true);
            return t;
          });

  /**
   * A record on its way: redacted and hashed by a preparer (null when it could not be: it is then
   * dropped, never stored unredacted), with its weight in characters and what it was read from.
   */
  private record Queued(Future<StoredRecord> record, long weight, Object source) {}

  private final Store store;
  private final RecordScrubber scrubber;
  private final long limit;
  private List<Queued> queued = new ArrayList<>();
  private long chars;
  private int added;
  private Exception failed;
  private Future<Integer> writing;
  private List<Queued> inFlight = List.of();
  private Object source;
  private final Map<Object, Integer> dropped = new ConcurrentHashMap<>();

  IngestQueue(Store store, RecordScrubber scrubber, long limit) {
    this.store = store;
    this.scrubber = scrubber;
    this.limit = limit;
  }

  /** Records stored so far. */
  int added() {
    return added;
  }

  /** Names what the records added from now on are read from, for {@link #dropped}. */
  void source(Object source) {
    this.source = source;
  }

  /**
   * Records of {@code source} (null: of any) that could not be redacted or hashed (a redactor's
   * error, a structure too deep), dropped once flushed, never stored: the others of their batch
   * are.
   */
  int dropped(Object source) {
    if (source == null) {
      return dropped.values().stream().mapToInt(Integer::intValue).sum();
    }
    return dropped.getOrDefault(source, 0);
  }

  /**
   * Queues a record; throws the store's failure, if the batch being stored failed (its records are
   * kept, and stored again by a later batch).
   */
  void add(RecordData r) throws IOException {
    RecordType type = r.recordType();
    long ts = r.timestampMillis();
    var data = RecordMapper.toData(r); // the reader's objects are read here, on its thread
    long weight = weight(r);
    queued.add(new Queued(PREPARERS.submit(() -> prepare(type, ts, data)), weight, source));
    chars += weight;
    if (writing != null && writing.isDone()) {
      awaitWriting();
    }
    if (chars >= (writing == null ? limit / 4 : limit)) {
      awaitWriting();
      startWriting();
    }
  }

  /** Stores every record added, and returns once they are on disk. */
  void flush() throws IOException {
    awaitWriting();
    if (!queued.isEmpty()) {
      startWriting();
      awaitWriting();
    }
  }

  /**
   * Rethrows the store's failure, if the store failed (a full disk: nothing may be skipped), and
   * otherwise returns: a session a reader could not read is passed over, its cursor kept.
   */
  void rethrowStoreFailure() throws IOException {
    if (failed instanceof IOException io) {
      throw io;
    }
    if (failed instanceof RuntimeException r) {
      throw r;
    }
  }

  /**
   * Waits for the batch being stored, when the read stopped on an error (which goes on up): the
   * store is never left to a writer once the caller returns. Records not yet stored are dropped.
   */
  @Override
  public void close() {
    try {
      awaitWriting();
    } catch (IOException | RuntimeException ignored) {
      // the read's own error is the one thrown; records stored or not, the cursor stays
    }
    for (Queued q : queued) {
      q.record().cancel(false);
    }
    queued = new ArrayList<>();
    chars = 0;
  }

  private void startWriting() {
    List<Queued> batch = queued;
    queued = new ArrayList<>();
    chars = 0;
    inFlight = batch;
    writing =
        WRITERS.submit(
            () -> {
              Map<Object, Integer> drops = new HashMap<>();
              int n = store.append(prepared(batch, drops)).added();
              drops.forEach((s, k) -> dropped.merge(s, k, Integer::sum)); // once it is stored
              return n;
            });
  }

  /** A record redacted and hashed; null when it cannot be, which drops it. */
  private StoredRecord prepare(RecordType type, long ts, ObjectNode data) {
    try {
      return scrubber.record(type, ts, data);
    } catch (RuntimeException | StackOverflowError cannot) {
      return null;
    }
  }

  /** The batch's records, redacted and hashed, in the order they were added. */
  private static List<StoredRecord> prepared(List<Queued> batch, Map<Object, Integer> drops)
      throws InterruptedException, ExecutionException {
    List<StoredRecord> records = new ArrayList<>(batch.size());
    for (Queued q : batch) {
      StoredRecord r = q.record().get();
      if (r != null) {
        records.add(r);
      } else {
        drops.merge(q.source() == null ? NO_SOURCE : q.source(), 1, Integer::sum);
      }
    }
    return records;
  }

  private static final Object NO_SOURCE = new Object();

  /** Waits for the batch being stored; its failure is the store's, and is thrown. */
  private void awaitWriting() throws IOException {
    if (writing == null) {
      return;
    }
    Future<Integer> w = writing;
    writing = null;
    try {
      // through an interrupt: the store is never left to a writer once the caller returns
      added += Uninterruptibly.get(w);
      inFlight = List.of();
      failed = null; // the store took a batch again: an earlier failure is over
    } catch (ExecutionException e) {
      // not stored: kept for a later batch to store again
      List<Queued> again = new ArrayList<>(inFlight);
      again.addAll(queued);
      queued = again;
      chars = 0;
      for (Queued q : queued) {
        chars += q.weight();
      }
      inFlight = List.of();
      Throwable cause =
          e.getCause() instanceof ExecutionException prep ? prep.getCause() : e.getCause();
      failed = cause instanceof Exception ex ? ex : new IOException(cause);
      if (failed instanceof IOException io) {
        throw io;
      }
      if (failed instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(cause);
    }
  }

  /** What a record weighs while it waits: its text, and a chat's outputs at their most. */
  private static long weight(RecordData r) {
    if (r instanceof Chat c) {
      return 1_000L
          + length(c.query())
          + length(c.response())
          + (long) c.toolOutputs().size() * ChatAccumulator.MAX_OUTPUT;
    }
    return 2_000;
  }

  private static long length(String s) {
    return s == null ? 0 : s.length();
  }
}
