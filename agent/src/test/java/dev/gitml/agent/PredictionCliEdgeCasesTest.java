package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train, evaluate and predict where there is little or nothing to go on. */
class PredictionCliEdgeCasesTest {
  @TempDir Path tmp;
  GitRepoFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new GitRepoFixture(tmp);
    assertEquals(0, fx.gitml("init", "--no-hooks", "--no-backfill").exit());
  }

  @Test
  void train_noCommitsStored_oneLineErrorAndNoModel() {
    CliRun r = fx.gitml("train");

    assertEquals(1, r.exit());
    assertTrue(r.err().startsWith("gitml: nothing to train on: "), r.err());
    assertEquals(1, r.err().strip().lines().count());
    assertFalse(Files.exists(fx.repo.resolve(".git-ml/models/file-prediction/model.jsonl.zst")));
  }

  @Test
  void evaluate_noCommitsStored_saysThereIsNothingToMeasure() {
    CliRun r = fx.gitml("evaluate");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("nothing to measure: no commits stored"), r.out());
    assertFalse(r.out().contains("MRR"), "no table of zeros");
  }

  @Test
  void evaluate_maxFilesZero_usageError() {
    CliRun r = fx.gitml("evaluate", "--max-files", "0");

    assertEquals(2, r.exit());
    assertEquals("gitml: --max-files: at least 1: 0", r.err().strip());
  }

  @Test
  void predict_seedTheModelNeverSaw_notesItAndStillPredicts() throws Exception {
    fx.commit("src/Parser.java", "class Parser {}\n", "Parser skeleton");
    fx.commit("src/Parser.java", "class Parser { int depth; }\n", "Parser tracks depth");
    assertEquals(0, fx.gitml("backfill").exit());
    assertEquals(0, fx.gitml("train").exit());

    CliRun known = fx.gitml("predict", "--seed", "src/Parser.java", "parser depth");
    CliRun typo = fx.gitml("predict", "--seed", "src/Parsr.java", "parser depth");
    CliRun noTop = fx.gitml("predict", "--top", "0", "parser");

    assertEquals(0, known.exit(), known.err());
    assertEquals("", known.err());
    assertEquals(0, typo.exit(), typo.err());
    assertEquals(
        "note: src/Parsr.java is in no commit the model learned; it says nothing about"
            + " what changes with it",
        typo.err().strip());
    assertTrue(typo.out().contains("src/Parser.java"), typo.out());
    assertEquals(2, noTop.exit());
  }
}
