package dev.gitml.collector.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilePredictionTest {
  private static long t = 1_700_000_000_000L;

  private static HistoryCommit commit(String message, String... files) {
    t += 3_600_000;
    return new HistoryCommit(Long.toHexString(t), message, t, List.of(files));
  }

  private static List<String> rank(FilePredictor m, String text, String... seeds) {
    List<String> out = new ArrayList<>();
    m.rank(new FilePredictor.Query(text, List.of(seeds)), 10).forEach(r -> out.add(r.file()));
    return out;
  }

  @Test
  void tokens_camelCasePathsAndPlurals_splitIntoOneVocabulary() {
    assertEquals(List.of("base", "64", "codec", "encoder"), Tokens.of("Base64Codec encoders"));
    assertEquals(
        List.of("src", "main", "java", "url", "codec", "java"),
        Tokens.of("src/main/java/URLCodec.java"));
    assertEquals(List.of("parser", "timeout"), Tokens.of("Fix the parser timeout"));
  }

  @Test
  void blend_messagesAboutAFile_rankThatFileFirst() {
    BlendModel m = new BlendModel();
    for (int i = 0; i < 5; i++) {
      m.learn(
          commit("Parser handles nested quotes " + i, "src/Parser.java", "test/ParserTest.java"));
      m.learn(commit("Login page layout " + i, "web/login.html", "web/style.css"));
    }
    m.learn(commit("Release notes", "CHANGES.md"));

    assertEquals("src/Parser.java", rank(m, "parser breaks on quotes").get(0));
    assertEquals("web/login.html", rank(m, "login page is broken").get(0));
    assertEquals("test/ParserTest.java", rank(m, "more cases", "src/Parser.java").get(0));
    assertFalse(
        rank(m, "anything", "src/Parser.java").contains("src/Parser.java"),
        "a seed is never predicted");
  }

  @Test
  void blend_taskRightAfterACommit_favoursTheFilesJustTouched() {
    BlendModel m = new BlendModel();
    m.learn(commit("Parser rework", "src/Parser.java"));
    m.learn(commit("Login layout", "web/login.html"));
    long last = t;

    double soon =
        score(m, new FilePredictor.Query("go on", List.of(), last + 600_000), "web/login.html");
    double nextWeek =
        score(
            m,
            new FilePredictor.Query("go on", List.of(), last + 7 * 86_400_000L),
            "web/login.html");
    double unknown = score(m, new FilePredictor.Query("go on", List.of()), "web/login.html");

    assertTrue(soon > nextWeek, soon + " vs " + nextWeek);
    assertEquals(unknown, nextWeek, 1e-6, "a week on, the hours since say nothing");
  }

  private static double score(FilePredictor m, FilePredictor.Query q, String file) {
    return m.rank(q, 10).stream()
        .filter(r -> r.file().equals(file))
        .findFirst()
        .orElseThrow()
        .score();
  }

  @Test
  void trainerCreate_modelFromAnOlderGitml_missingParametersTakeDefaults() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode header =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"algorithm\":\"blend\",\"params\":{\"bm25\":3.5}}");

    BlendModel m = (BlendModel) Trainer.create(header);

    assertEquals(3.5, m.weights().bm25());
    assertEquals(BlendWeights.DEFAULT.hoursTau(), m.weights().hoursTau());
    assertEquals(BlendWeights.DEFAULT.neighbours(), m.weights().neighbours());
  }

  @Test
  void weights_default_serializedUnderTheNamesTrainedModelsUse() {
    // the header of every model trained so far, and the params of its runs record
    assertEquals(
        "{\"bm25\":2.0,\"path\":0.5,\"knn\":1.25,\"recency\":1.2,\"cochange\":1.0,"
            + "\"neighbours\":15,\"decayCommits\":30.0,\"recentFiles\":60,\"stem\":1.0,"
            + "\"sibling\":1.0,\"burst\":1.0,\"burstCommits\":4.0,\"seeded\":0.7,\"jaccard\":3.0,"
            + "\"namedAlike\":1.0,\"hours\":1.0,\"hoursTau\":0.5}",
        new com.fasterxml.jackson.databind.ObjectMapper()
            .valueToTree(BlendWeights.DEFAULT)
            .toString());
  }

  @Test
  void blend_fileMovedInALargeCommit_newPathInheritsItsHistoryOldOneGone() {
    BlendModel m = new BlendModel();
    for (int i = 0; i < 4; i++) {
      m.learn(commit("Tokenizer speed " + i, "src/Tokenizer.java"));
    }
    m.observe(commit("Move to the Maven layout", "src/main/java/Tokenizer.java"));

    List<String> ranked = rank(m, "tokenizer speed");
    assertEquals("src/main/java/Tokenizer.java", ranked.get(0));
    assertFalse(ranked.contains("src/Tokenizer.java"));
  }

  @Test
  void evaluateRolling_fileSeenOnlyLater_neverATargetAndNoFutureUsed() {
    List<HistoryCommit> h =
        List.of(
            commit("start", "a.txt"),
            commit("touch a", "a.txt"),
            commit("create b", "b.txt"), // b did not exist before: no target, no query
            commit("touch a and b", "a.txt", "b.txt"));

    Evaluation.Outcome o =
        Evaluation.run(
            h,
            Evaluation.Setup.rolling(Evaluation.Queries.TEXT),
            BlendModel::new,
            BaselineModel::new);

    assertEquals(2, o.models().get(0).n(), "queries: 'touch a' and 'touch a and b'");
    assertEquals(o.models().get(0).n(), o.models().get(1).n(), "the same queries for both");
  }

  @Test
  void evaluate_commitsOverMaxFiles_leftOutAndCounted() {
    List<HistoryCommit> h = new ArrayList<>();
    h.add(commit("one", "a"));
    String[] many = new String[40];
    for (int i = 0; i < many.length; i++) {
      many[i] = "f" + i;
    }
    h.add(commit("huge", many));
    h.add(commit("two", "a"));

    Evaluation.Outcome o =
        Evaluation.run(h, Evaluation.Setup.rolling(Evaluation.Queries.TEXT), BlendModel::new);

    assertEquals(1, o.tooLarge());
    assertEquals(2, o.commits());
    assertEquals(1, o.models().get(0).n());
    assertTrue(o.models().get(0).mrr() > 0.99, "the only file there was");
  }

  @Test
  void metrics_knownRanking_exactValues() {
    Metrics m = new Metrics("x");
    m.add(
        List.of(
            new FilePredictor.Ranked("a", 3),
            new FilePredictor.Ranked("b", 2),
            new FilePredictor.Ranked("c", 1)),
        java.util.Set.of("b", "c"));
    Metrics.Summary s = m.summary(1);

    assertEquals(0.5, s.mrr(), 1e-9);
    assertEquals(0.0, s.pAt1(), 1e-9);
    assertEquals(1.0, s.recallAt5(), 1e-9);
    assertEquals((0.5 + 2.0 / 3) / 2, s.map(), 1e-9);
  }
}
