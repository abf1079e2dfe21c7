package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Fixtures;
import dev.gitml.storage.SharedData;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Run;
import dev.gitml.storage.record.StoredRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * train, predict and evaluate on a real history imported with gitml migrate: the repository's 120
 * yargs commits ("fixture") and, where the shared data is present, all 1,865 ("shared").
 */
class PredictionCliTest {
  @TempDir Path tmp;
  GitRepoFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
  }

  /** Imports the history; returns how many commits a test may expect at least. */
  private int migrate(String source) {
    Path history =
        source.equals("fixture")
            ? Fixtures.copy(Fixtures.HISTORY, tmp.resolve("fixtures"))
            : SharedData.require("datasets/history/yargs.commits.jsonl");
    CliRun m = fx.gitml("migrate", "--from", history.toString());
    assertEquals(0, m.exit(), m.err());
    return source.equals("fixture") ? 100 : 1500;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fixture", "shared"})
  void trainThenPredict_modelStoredWithInfoAndRunRecorded(String source) throws Exception {
    int commits = migrate(source);
    CliRun train = fx.gitml("train");
    CliRun predict = fx.gitml("predict", "--json", "--top", "5", "fix the completion script");
    CliRun list = fx.gitml("train", "--list");

    assertEquals(0, train.exit(), train.err());
    assertTrue(train.out().startsWith("trained blend on "), train.out());
    Path dir = fx.repo.resolve(".git-ml/models/file-prediction");
    JsonNode info = GitRepoFixture.JSON.readTree(dir.resolve("training_info.json").toFile());
    assertEquals("blend", info.get("algorithm").asText());
    assertTrue(info.at("/data/commits").asInt() > commits, info.toString());
    assertTrue(info.at("/metrics/mrr").asDouble() > info.at("/metrics/baseline_mrr").asDouble());
    assertTrue(Files.exists(dir.resolve("model.jsonl.zst")));
    JsonNode files = GitRepoFixture.JSON.readTree(predict.out()).get("files");
    assertEquals(5, files.size());
    assertTrue(files.get(0).get("score").asDouble() >= files.get(4).get("score").asDouble());
    assertTrue(list.out().contains("file-prediction/blend"), list.out());
    assertEquals(1, fx.stats().get("runs").asInt());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fixture", "shared"})
  void evaluate_rollingJson_hasTheModelAndTheBaselineOnTheSameQueries(String source)
      throws Exception {
    int commits = migrate(source);
    CliRun r = fx.gitml("evaluate", "--json", "--queries", "seed1");

    assertEquals(0, r.exit(), r.err());
    JsonNode e = GitRepoFixture.JSON.readTree(r.out());
    assertEquals("blend", e.get("model").asText());
    assertEquals("rolling", e.get("protocol").asText());
    assertEquals("seed1", e.get("queries").asText());
    assertEquals(e.get("n").asInt(), e.at("/baseline/n").asInt());
    assertTrue(e.get("n").asInt() > commits / 5, e.toString());
    for (String k : new String[] {"mrr", "p_at_1", "recall_at_5", "recall_at_10", "map"}) {
      assertTrue(e.get(k).isNumber(), k);
      assertTrue(e.at("/ci95/" + k + "/0").asDouble() <= e.get(k).asDouble(), k);
    }
    assertTrue(e.get("mrr").asDouble() > e.at("/baseline/mrr").asDouble());
  }

  @Test
  void predict_beforeTraining_oneLineError() {
    migrate("fixture");
    CliRun r = fx.gitml("predict", "anything");

    assertEquals(1, r.exit());
    assertEquals("gitml: no trained model yet: run `gitml train`", r.err().strip());
  }

  @Test
  void trainList_mrrOfAnyPrecision_threeDecimalsAlways() throws Exception {
    try (Store store = Store.open(DataDir.of(fx.repo))) {
      store.append(List.of(run("2026-11-01T10:00:00Z", 0.5), run("2026-11-02T10:00:00Z", 0.12345)));
    }

    List<String> mrrs =
        fx.gitml("train", "--list")
            .out()
            .lines()
            .map(l -> l.substring(l.indexOf("MRR ") + 4))
            .toList();

    assertEquals(List.of("0.123", "0.500"), mrrs);
  }

  private static StoredRecord run(String started, double mrr) {
    return StoredRecord.of(
        new Run(
            "file-prediction/blend",
            started,
            started,
            "ok",
            GitRepoFixture.JSON.createObjectNode(),
            GitRepoFixture.JSON.createObjectNode().put("commits", 100),
            GitRepoFixture.JSON.createObjectNode().put("mrr", mrr),
            null));
  }
}
