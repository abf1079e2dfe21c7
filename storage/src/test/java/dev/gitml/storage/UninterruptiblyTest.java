package dev.gitml.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class UninterruptiblyTest {
  @Test
  void get_interruptedWhileWaiting_waitsForTheResultAndKeepsTheInterrupt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Integer> work =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return 42;
            });
    Thread.currentThread().interrupt(); // already interrupted as it starts to wait
    new Thread(
            () -> {
              try {
                Thread.sleep(100);
              } catch (InterruptedException e) {
                return;
              }
              release.countDown();
            })
        .start();

    int result = Uninterruptibly.get(work);

    assertEquals(42, result);
    assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
  }

  @Test
  void get_workFailed_throwsItsFailure() {
    CompletableFuture<Integer> work =
        CompletableFuture.failedFuture(new IllegalStateException("x"));

    ExecutionException e = assertThrows(ExecutionException.class, () -> Uninterruptibly.get(work));

    assertEquals("x", e.getCause().getMessage());
  }
}
