package dev.gitml.collector.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonlRedactionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "ghp_R3aLlyN0tAT0k3nBuTL00ksL1k30ne123456";

  private record Run(long bad, String[] lines, String err) {}

  private static Run run(byte[] input, int workers) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long bad =
        new JsonlRedaction(Redactor.standard(), workers)
            .run(
                new ByteArrayInputStream(input),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    return new Run(
        bad,
        text.isEmpty() ? new String[0] : text.split("\n", -1),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void run_manyBatchesOnTwoWorkers_linesOutInInputOrder() throws Exception {
    StringBuilder in = new StringBuilder();
    int n = 5_000; // ~700 kB: many batches
    for (int i = 0; i < n; i++) {
      String filler = "x".repeat(i % 200);
      String text = i % 7 == 0 ? "export GITHUB_TOKEN=" + TOKEN + " " + filler : "line " + filler;
      in.append(JSON.writeValueAsString(JSON.createObjectNode().put("id", i).put("text", text)))
          .append(i % 3 == 0 ? "\r\n" : "\n");
    }
    Run r = run(in.toString().getBytes(StandardCharsets.UTF_8), 2);
    assertEquals(0, r.bad());
    assertEquals(n + 1, r.lines().length); // the last newline leaves an empty tail
    for (int i = 0; i < n; i++) {
      JsonNode line = JSON.readTree(r.lines()[i]);
      assertEquals(i, line.get("id").asInt());
      assertFalse(line.get("text").asText().contains(TOKEN), r.lines()[i]);
      assertEquals(i % 7 == 0 ? 1 : 0, line.get("redactions").size());
    }
  }

  @Test
  void run_lastLineWithoutNewlineAndBadLine_everyLineAnswered() throws Exception {
    String in = "{\"id\": 1, \"text\": \"a\"}\nnot json\n{\"id\": 3, \"text\": \"" + TOKEN + "\"}";
    Run r = run(in.getBytes(StandardCharsets.UTF_8), 2);
    assertEquals(1, r.bad());
    assertEquals(4, r.lines().length);
    assertTrue(JSON.readTree(r.lines()[1]).get("error").asText().startsWith("line 2: not JSON"));
    assertTrue(JSON.readTree(r.lines()[1]).get("id").isNull());
    assertEquals("[REDACTED:github-token]", JSON.readTree(r.lines()[2]).get("text").asText());
    assertTrue(r.err().contains("line 2"), r.err());
  }

  @Test
  void run_lineWithInvalidUtf8_readAsReplacementCharacters() throws Exception {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.writeBytes("{\"id\": 1, \"text\": \"caf".getBytes(StandardCharsets.UTF_8));
    in.write(0xE9); // Latin-1 é: not UTF-8
    in.writeBytes((" " + TOKEN + "\"}\n").getBytes(StandardCharsets.UTF_8));
    Run r = run(in.toByteArray(), 1);
    assertEquals(0, r.bad());
    assertEquals(
        "caf\uFFFD [REDACTED:github-token]", JSON.readTree(r.lines()[0]).get("text").asText());
  }

  @Test
  void run_emptyInput_writesNothing() throws Exception {
    Run r = run(new byte[0], 2);
    assertEquals(0, r.bad());
    assertEquals(0, r.lines().length);
  }

  @Test
  void run_textWithNothingFound_writtenAsItsInputBytes() throws Exception {
    String text = "\"caf\\u00e9 \\\"q\\\"\\n\\/\"";
    String in = "{\"x\": [1], \"text\": " + text + ", \"id\": {\"a\": [1, 2]}}\n";
    Run r = run(in.getBytes(StandardCharsets.UTF_8), 1);
    assertEquals("{\"id\":{\"a\":[1,2]},\"text\":" + text + ",\"redactions\":[]}", r.lines()[0]);
  }

  @Test
  void run_lineWithInvalidUtf8AndNothingFound_writesTheDecodedText() throws Exception {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.writeBytes("{\"id\": 1, \"text\": \"caf".getBytes(StandardCharsets.UTF_8));
    in.write(0xE9);
    in.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
    Run r = run(in.toByteArray(), 1);
    assertEquals("{\"id\":1,\"text\":\"caf\uFFFD\",\"redactions\":[]}", r.lines()[0]);
  }

  @Test
  void run_repeatedTextFieldAndTextNotString_lastFieldDecides() throws Exception {
    String in =
        "{\"id\": 1, \"text\": \"a\", \"text\": \""
            + TOKEN
            + "\"}\n"
            + "{\"id\": 2, \"text\": \"a\", \"text\": 2}\n"
            + "[\"text\"]\n";
    Run r = run(in.getBytes(StandardCharsets.UTF_8), 1);
    assertEquals(2, r.bad());
    assertEquals("[REDACTED:github-token]", JSON.readTree(r.lines()[0]).get("text").asText());
    assertEquals(
        "line 2: expected {\"id\": …, \"text\": \"…\"}",
        JSON.readTree(r.lines()[1]).get("error").asText());
    assertTrue(JSON.readTree(r.lines()[2]).get("error").asText().startsWith("line 3: expected"));
  }
}
