package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSONL lines kept in bounded memory, and still JSON after the cuts. */
class BoundedLinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> lines(String text) throws IOException {
    BoundedLines lines =
        new BoundedLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 0);
    List<JsonNode> out = new ArrayList<>();
    while (lines.next()) {
      assertFalse(lines.oversized());
      out.add(JSON.readTree(lines.bytes(), 0, lines.length()));
    }
    return out;
  }

  @Test
  void next_longStringsOfEscapesAndMultibyteCharacters_cutBetweenCharactersStillJson()
      throws Exception {
    for (String unit : new String[] {"\\u00e9", "é", "😀", "\\\"", "\\n", "ab"}) {
      String value = unit.repeat(BoundedLines.MAX_STRING / unit.length() + 7);
      JsonNode n = lines("{\"a\":\"" + value + "\",\"b\":1}\n").get(0);

      String kept = n.get("a").textValue();
      assertTrue(kept.endsWith("…"), unit);
      assertEquals(1, n.get("b").intValue(), "the rest of the line after the cut: " + unit);
      String decoded = JSON.readTree("\"" + unit + "\"").textValue();
      assertTrue(
          kept.substring(0, kept.length() - 1).replace(decoded, "").isEmpty(),
          "only whole characters: " + unit);
    }
  }

  @Test
  void next_longArray_cutToMaxElementsAndTheRestOfTheLineKept() throws Exception {
    StringBuilder sb = new StringBuilder("{\"a\":[");
    for (int i = 0; i < 5_000; i++) {
      sb.append(i == 0 ? "" : ",").append("[\"").append(i).append("\",{\"x\":[1,2]}]");
    }
    sb.append("],\"b\":\"after\"}\n");

    JsonNode n = lines(sb.toString()).get(0);

    assertEquals(BoundedLines.MAX_ELEMENTS, n.get("a").size());
    assertEquals("after", n.get("b").textValue());
  }

  @Test
  void next_lineStillTooLargeAfterCuts_flaggedAndNextLineRead() throws Exception {
    String big = "\"" + "x".repeat(BoundedLines.MAX_STRING) + "\"";
    String many = "[[" + String.join("],[", java.util.Collections.nCopies(20, big)) + "]]";
    BoundedLines lines =
        new BoundedLines(
            new ByteArrayInputStream((many + "\n{\"ok\":true}\n").getBytes(StandardCharsets.UTF_8)),
            0);

    assertTrue(lines.next());
    assertTrue(lines.oversized());
    assertTrue(lines.next());
    assertFalse(lines.oversized());
    assertEquals(
        "{\"ok\":true}", new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8));
  }

  @Test
  void next_tornLastLine_notReturnedAndEndAfterTheLastWholeLine() throws Exception {
    BoundedLines lines =
        new BoundedLines(
            new ByteArrayInputStream("{\"a\":1}\n{\"b\":".getBytes(StandardCharsets.UTF_8)), 100);

    assertTrue(lines.next());
    assertEquals(100, lines.start());
    assertFalse(lines.next());
    assertEquals(108, lines.end());
  }
}
