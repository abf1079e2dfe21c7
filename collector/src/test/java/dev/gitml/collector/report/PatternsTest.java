package dev.gitml.collector.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitml.collector.predict.History;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PatternsTest {
  @Test
  void correlations_fixtureHistory_samePairsAsPinned() throws Exception {
    // the predictor's fixture: 111 commits, one over the file cap (left out of the pairs)
    Path history =
        Path.of(
            PatternsTest.class
                .getResource("/dev/gitml/collector/predict/golden-history.jsonl")
                .toURI());

    String actual =
        new ObjectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(Patterns.correlations(History.of(history)))
            + "\n";

    try (InputStream in = PatternsTest.class.getResourceAsStream("golden-correlations.json")) {
      String expected = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (!expected.equals(actual)) {
        Files.createDirectories(Path.of("target", "golden"));
        Files.writeString(Path.of("target", "golden", "golden-correlations.json"), actual);
      }
      assertEquals(expected, actual, "the actual pairs are in target/golden/");
    }
  }
}
