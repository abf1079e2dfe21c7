package dev.gitml.collector.export;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs writes on a thread of their own, one after another in the order they were given, while the
 * caller goes on reading the store and building examples: a Parquet export spends as long encoding
 * and compressing columns as reading and binding records, and the two overlap. Writes are handed
 * over in batches ({@link #ROWS} writes or {@link #WEIGHT} characters of text, whichever comes
 * first), at most {@link #IN_FLIGHT} batches waiting, so memory stays bounded. A failed write stops
 * the ones after it; the caller gets the failure from its next call.
 */
final class WriteBehind implements Closeable {
  /** One write, run on the writer's thread. */
  @FunctionalInterface
  interface Write {
    void run() throws IOException;
  }

  static final int ROWS = 1_024;
  static final long WEIGHT = 1L << 20;
  static final int IN_FLIGHT = 2;

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "gitml-export-writer");
            t.setDaemon(true);
            return t;
          });
  private final ArrayDeque<Future<?>> waiting = new ArrayDeque<>();
  private List<Write> batch = new ArrayList<>();
  private long weight;
  private volatile boolean failed;
  private boolean thrown;

  /** Queues {@code w}, which holds about {@code chars} characters of text. */
  void add(Write w, long chars) throws IOException {
    batch.add(w);
    weight += chars;
    if (batch.size() >= ROWS || weight >= WEIGHT) {
      handOver();
    }
  }

  /** Returns once every write given so far has run; throws the first that failed. */
  void drain() throws IOException {
    handOver();
    while (!waiting.isEmpty()) {
      await(waiting.poll());
    }
  }

  private void handOver() throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    List<Write> b = batch;
    batch = new ArrayList<>();
    weight = 0;
    waiting.add(
        thread.submit(
            () -> {
              if (failed) {
                return null;
              }
              try {
                for (Write w : b) {
                  w.run();
                }
              } catch (IOException | RuntimeException | Error e) {
                failed = true;
                throw e;
              }
              return null;
            }));
    while (waiting.size() > IN_FLIGHT) {
      await(waiting.poll());
    }
  }

  private void await(Future<?> f) throws IOException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the export's files were written");
    } catch (ExecutionException e) {
      if (thrown) {
        return; // the caller has it already
      }
      thrown = true;
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }

  /**
   * Waits for the writes given so far (throwing the first failure, unless already thrown) and stops
   * the thread; nothing is written after this returns.
   */
  @Override
  public void close() throws IOException {
    try {
      drain();
    } finally {
      if (Thread.currentThread().isInterrupted()) {
        failed = true; // the batches not yet begun write nothing
      }
      thread.shutdown();
      // a batch of writes may still be running: it ends before this returns, through an interrupt
      // too (kept for the caller), so the caller never closes or deletes files under it
      boolean interrupted = false;
      while (true) {
        try {
          if (thread.awaitTermination(1, TimeUnit.MINUTES)) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true;
          failed = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
