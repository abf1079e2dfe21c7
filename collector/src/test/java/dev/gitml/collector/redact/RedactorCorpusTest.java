package dev.gitml.collector.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recall and false alarms on the labelled corpus ({@code corpus.jsonl}, made by {@code
 * src/test/corpus/make_corpus.py}): every provider family in a diff, a config file, a shell
 * command, a log line and a JSON-escaped transcript line, and more tricky negatives than positives
 * (lock-file hashes, SHAs, UUIDs, placeholders, code that names secrets).
 */
class RedactorCorpusTest {
  private static final double MIN_RECALL = 0.97;
  private static final double MAX_FALSE_POSITIVE_RATE = 0.02;

  private static final List<Sample> positives = new ArrayList<>();
  private static final List<Sample> negatives = new ArrayList<>();
  private static final Redactor redactor = Redactor.standard();

  record Sample(String id, String family, String context, String text, List<String> secrets) {}

  @BeforeAll
  static void load() throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                RedactorCorpusTest.class.getResourceAsStream("corpus.jsonl"),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode n = json.readTree(line);
        List<String> secrets = new ArrayList<>();
        n.path("secrets").forEach(s -> secrets.add(s.asText()));
        Sample s =
            new Sample(
                n.path("id").asText(),
                n.path("family").asText(),
                n.path("context").asText(),
                n.path("text").asText(),
                secrets);
        (secrets.isEmpty() ? negatives : positives).add(s);
      }
    }
  }

  @Test
  void redact_labelledPositives_recallAtLeastTarget() {
    List<String> missed = new ArrayList<>();
    for (Sample s : positives) {
      String out = redactor.clean(s.text());
      if (s.secrets().stream().anyMatch(out::contains)) {
        missed.add(s.id() + " " + s.family() + "/" + s.context() + ": " + out);
      }
    }
    double recall = 1 - (double) missed.size() / positives.size();
    System.out.printf("recall %.4f on %d positives%n", recall, positives.size());
    missed.forEach(m -> System.out.println("MISSED " + m));
    assertTrue(
        recall >= MIN_RECALL,
        "recall " + recall + "; missed " + missed.size() + ", e.g. " + first(missed));
  }

  @Test
  void redact_labelledNegatives_falsePositiveRateAtMostTarget() {
    List<String> changed = new ArrayList<>();
    for (Sample s : negatives) {
      Redaction r = redactor.redact(s.text());
      if (r.changed()) {
        changed.add(s.id() + " " + s.context() + " " + r.findings() + ": " + r.text());
      }
    }
    double rate = (double) changed.size() / negatives.size();
    System.out.printf("false positives %.4f on %d negatives%n", rate, negatives.size());
    changed.forEach(c -> System.out.println("FALSE " + c));
    assertTrue(
        rate <= MAX_FALSE_POSITIVE_RATE,
        "false-positive rate " + rate + "; e.g. " + first(changed));
  }

  @Test
  void redact_everyCorpusTextTwice_secondPassChangesNothing() {
    for (List<Sample> set : List.of(positives, negatives)) {
      for (Sample s : set) {
        String once = redactor.clean(s.text());
        assertEquals(once, redactor.clean(once), s.id());
      }
    }
  }

  @Test
  void corpus_negativesOutnumberPositives() {
    assertTrue(
        negatives.size() >= positives.size(),
        negatives.size() + " negatives for " + positives.size() + " positives");
  }

  private static String first(List<String> list) {
    return list.isEmpty() ? "-" : list.get(0);
  }
}
