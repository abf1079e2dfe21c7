package dev.gitml.collector.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WriteBehindTest {
  @Test
  void add_manyBatches_everyWriteOnceInOrderOnItsOwnThread() throws Exception {
    List<Integer> done = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    try (WriteBehind w = new WriteBehind()) {
      for (int i = 0; i < 10_000; i++) {
        int n = i;
        w.add(
            () -> {
              done.add(n);
              threads.add(Thread.currentThread());
            },
            i % 3 == 0 ? WriteBehind.WEIGHT / 2 : 10);
      }
    }

    assertEquals(IntStream.range(0, 10_000).boxed().toList(), done);
    assertTrue(threads.stream().noneMatch(t -> t == Thread.currentThread()));
  }

  @Test
  void add_aWriteFails_thrownOnceAndNoWriteAfterIt() throws Exception {
    IOException broken = new IOException("disk full");
    List<Integer> done = new ArrayList<>();
    WriteBehind w = new WriteBehind();
    IOException thrown =
        assertThrows(
            IOException.class,
            () -> {
              for (int i = 0; i < 100_000; i++) {
                int n = i;
                w.add(
                    () -> {
                      if (n == 1_500) {
                        throw broken;
                      }
                      done.add(n);
                    },
                    1);
              }
              w.drain();
            });
    w.close(); // already thrown: not again

    assertSame(broken, thrown);
    assertEquals(IntStream.range(0, 1_500).boxed().toList(), done);
  }

  @Test
  void close_aRuntimeFailureNotYetSeen_thrownAsIs() {
    WriteBehind w = new WriteBehind();
    IllegalArgumentException bad = new IllegalArgumentException("no value for required column");
    assertThrows(
        IllegalArgumentException.class,
        () -> {
          w.add(
              () -> {
                throw bad;
              },
              1);
          w.close();
        });
  }
}
