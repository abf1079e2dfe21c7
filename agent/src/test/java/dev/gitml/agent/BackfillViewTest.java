package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backfill progress where standard error is not a terminal (a test's captured stream). */
class BackfillViewTest {
  @TempDir Path tmp;

  @Test
  void backfill_stderrNotATerminal_plainLinesNoCarriageReturn() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    for (int i = 0; i < 3; i++) {
      fx.commit("f.txt", "v" + i + "\n", "change " + i);
    }

    CliRun r = fx.gitml("backfill");

    assertEquals(0, r.exit(), r.err());
    assertFalse(r.err().contains("\r"), r.err());
    assertTrue(r.err().lines().toList().contains("backfill: 3 of 3 commits (100%)"), r.err());
  }

  @Test
  void plainProgress_manySmallSteps_atMostOneLineATenth() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      BackfillView.PlainProgress p = new BackfillView.PlainProgress(err, 1000);
      for (int i = 0; i < 1000; i++) {
        p.accept(1);
      }
    }

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(10, lines.size(), lines.toString());
    assertEquals("backfill: 100 of 1000 commits (10%)", lines.get(0));
    assertEquals("backfill: 1000 of 1000 commits (100%)", lines.get(9));
  }
}
