package dev.gitml.storage;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Waiting for work handed to another thread to end, through an interrupt: the interrupt is kept for
 * the caller, and the work is never left running with files, a store or a connection that the
 * caller goes on to close.
 */
public final class Uninterruptibly {
  private Uninterruptibly() {}

  /**
   * The result of {@code work}, once it has ended; its failure as an {@link ExecutionException}.
   */
  public static <T> T get(Future<T> work) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return work.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
