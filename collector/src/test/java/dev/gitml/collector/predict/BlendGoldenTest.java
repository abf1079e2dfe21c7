package dev.gitml.collector.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the exact output of the file predictor (ranked files with their scores, to the last bit, and
 * the rolling evaluation's metrics) on a small history of its own: 111 commits of a codec library,
 * with a move of the whole source tree in one commit over the file cap, a later move of one file, a
 * merge, and tasks resumed within the hour. A refactoring of the model must leave every line of
 * {@code golden-rankings.txt} as it is; a change of the model's behaviour rewrites it on purpose
 * (the actual output is left in {@code target/golden/} to compare).
 */
class BlendGoldenTest {
  private static final String SRC = "src/main/java/org/acme/codec/";

  @TempDir Path tmp;

  @Test
  void rank_fixtureHistory_sameRankingsAndScoresAsPinned() throws Exception {
    List<HistoryCommit> history = History.of(resource("golden-history.jsonl"));
    StringBuilder out = new StringBuilder();
    BlendModel m = new BlendModel();
    for (int i = 0; i < history.size(); i++) {
      HistoryCommit c = history.get(i);
      if (c.files().size() > 30) {
        m.observe(c);
      } else {
        m.learn(c);
      }
      if (i == 20 || i == 45 || i == 75 || i == history.size() - 1) {
        out.append("## after ").append(i + 1).append(" commits\n");
        long now = c.millis();
        rank(out, m, new FilePredictor.Query("base64 padding", List.of()));
        rank(
            out,
            m,
            new FilePredictor.Query("Fix hex decoding of odd length", List.of(), now + 600_000));
        rank(
            out,
            m,
            new FilePredictor.Query(
                "more cases", List.of(SRC + "binary/Base64.java"), now + 3 * 3_600_000));
        rank(out, m, new FilePredictor.Query("soundex mapping", List.of(SRC + "Soundex.java")));
        rank(out, m, new FilePredictor.Query("Bump jackson", List.of("pom.xml"), now + 60_000));
        rank(
            out,
            m,
            new FilePredictor.Query(
                "encoder exception cause", List.of(SRC + "binary/DecoderException.java")));
        rank(
            out,
            m,
            new FilePredictor.Query("", List.of(SRC + "Base64InputStream.java", "README.md"), now));
      }
    }
    for (Evaluation.Queries q : Evaluation.Queries.values()) {
      Evaluation.Outcome o = Evaluation.run(history, Evaluation.Setup.rolling(q), BlendModel::new);
      Metrics.Summary s = o.models().get(0);
      out.append("## rolling ")
          .append(q)
          .append(": n ")
          .append(s.n())
          .append(", too large ")
          .append(o.tooLarge())
          .append(", mrr ")
          .append(s.mrr())
          .append(", p@1 ")
          .append(s.pAt1())
          .append(", r@5 ")
          .append(s.recallAt5())
          .append(", r@10 ")
          .append(s.recallAt10())
          .append(", map ")
          .append(s.map())
          .append(", mrr 95% ")
          .append(s.intervals()[0][0])
          .append('-')
          .append(s.intervals()[0][1])
          .append('\n');
    }
    assertGolden("golden-rankings.txt", out.toString());
  }

  @Test
  void write_suggestTableOfFixtureHistory_sameRowsAsPinned() throws Exception {
    Path file = tmp.resolve(SuggestTable.FILE);

    SuggestTable.write(History.of(resource("golden-history.jsonl")), file);

    assertGolden("golden-suggest.tsv", Files.readString(file));
  }

  private static void rank(StringBuilder out, FilePredictor m, FilePredictor.Query q) {
    out.append("# ")
        .append(q.text())
        .append(" | ")
        .append(q.seeds())
        .append(" | ")
        .append(q.millis())
        .append('\n');
    for (FilePredictor.Ranked r : m.rank(q, 12)) {
      out.append(r.file()).append(' ').append(r.score()).append('\n');
    }
  }

  static Path resource(String name) throws URISyntaxException {
    return Path.of(BlendGoldenTest.class.getResource(name).toURI());
  }

  /** Equal to the pinned resource, or fails naming where the actual output was written. */
  static void assertGolden(String name, String actual) throws IOException {
    String expected;
    try (InputStream in = BlendGoldenTest.class.getResourceAsStream(name)) {
      expected = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!expected.equals(actual)) {
      Path dir = Path.of("target", "golden");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name), actual);
    }
    assertEquals(
        expected, actual, name + " differs; the actual output is in target/golden/" + name);
  }
}
