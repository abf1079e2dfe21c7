package dev.gitml.collector.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordScrubberTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A fake key in the shape ssh-keygen writes: 70 base64 characters a line. */
  static List<String> fakeKey(String label, int bodyLines) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    Random random = new Random(label.hashCode());
    List<String> lines = new ArrayList<>();
    lines.add("-----BEGIN " + label + "-----");
    for (int i = 0; i < bodyLines; i++) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < 70; c++) {
        line.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      lines.add(line.toString());
    }
    lines.add("-----END " + label + "-----");
    return lines;
  }

  private static ObjectNode hunk(List<String> added, List<String> removed) {
    ObjectNode data = JSON.createObjectNode();
    ObjectNode hunk = data.putArray("hunks").addObject();
    added.forEach(hunk.putArray("lines_added")::add);
    removed.forEach(hunk.putArray("lines_removed")::add);
    return data;
  }

  private static List<String> strings(ArrayNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void apply_keyAddedAndRemovedAsHunkLines_eachSideOneMarkerNoKeyLine() {
    List<String> added = new ArrayList<>(List.of("# deploy key"));
    added.addAll(fakeKey("OPENSSH PRIVATE KEY", 6));
    added.add("");
    List<String> removed = fakeKey("RSA PRIVATE KEY", 25);
    RecordScrubber scrubber = new RecordScrubber(Redactor.standard());

    ObjectNode data = scrubber.apply(hunk(added, removed));

    ObjectNode h = (ObjectNode) data.get("hunks").get(0);
    assertEquals(
        List.of("# deploy key", "[REDACTED:private-key]", ""),
        strings((ArrayNode) h.get("lines_added")));
    assertEquals(List.of("[REDACTED:private-key]"), strings((ArrayNode) h.get("lines_removed")));
    assertEquals(Map.of("private-key", 2), scrubber.removedByRule());
    assertEquals(1, scrubber.records());
  }

  @Test
  void apply_linesWithoutSecretsOrOnePerLine_linesKeptOneForOne() {
    List<String> added = List.of("host: db", "password: hunter2x9", "port: 5432");
    RecordScrubber scrubber = new RecordScrubber(Redactor.standard());

    ObjectNode data = scrubber.apply(hunk(added, List.of("a", "b")));

    ObjectNode h = (ObjectNode) data.get("hunks").get(0);
    assertEquals(
        List.of("host: db", "password: [REDACTED:password-assignment]", "port: 5432"),
        strings((ArrayNode) h.get("lines_added")));
    assertEquals(List.of("a", "b"), strings((ArrayNode) h.get("lines_removed")));
  }

  @Test
  void apply_arrayOfMultiLineTexts_eachRedactedAlone() {
    ObjectNode data = JSON.createObjectNode();
    String key = String.join("\n", fakeKey("EC PRIVATE KEY", 3));
    data.putArray("texts").add("first\n" + key).add("second\nline");
    RecordScrubber scrubber = new RecordScrubber(Redactor.standard());

    scrubber.apply(data);

    assertEquals(
        List.of("first\n[REDACTED:private-key]", "second\nline"),
        strings((ArrayNode) data.get("texts")));
    assertFalse(data.toString().contains("PRIVATE KEY-----"));
  }

  @Test
  void apply_sameTextInResponseAndSteps_redactedOnceEachPlaceCounted() {
    ObjectNode data = JSON.createObjectNode();
    String answer = "set it with\npassword: hunter2x9\nthen restart";
    data.put("response", answer);
    data.putArray("steps").addObject().put("text", answer);
    int[] calls = {0};
    Redactor standard = Redactor.standard();
    RecordScrubber scrubber =
        new RecordScrubber(
            text -> {
              calls[0]++;
              return standard.redact(text);
            });

    scrubber.apply(data);

    String clean = "set it with\npassword: [REDACTED:password-assignment]\nthen restart";
    assertEquals(clean, data.get("response").asText());
    assertEquals(clean, data.get("steps").get(0).get("text").asText());
    assertEquals(1, calls[0]);
    assertEquals(Map.of("password-assignment", 2), scrubber.removedByRule());
  }

  @Test
  void record_chatWithASecretInItsAnswer_answerStoredOnceRedactedInResponseAndSteps() {
    String key = String.join("\n", fakeKey("OPENSSH PRIVATE KEY", 4));
    String answer = "Here is the deploy key:\n" + key;
    dev.gitml.storage.record.Chat chat =
        new dev.gitml.storage.record.Chat(
            "c1",
            "2026-01-21T06:20:30Z",
            "s1",
            "show the key",
            answer + "\n\nDone.",
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            null,
            null,
            null,
            "aider",
            null,
            null,
            null,
            null,
            List.of(
                dev.gitml.storage.record.Step.text(answer, null),
                dev.gitml.storage.record.Step.text("Done.", null)));

    dev.gitml.storage.record.StoredRecord r = new RecordScrubber(Redactor.standard()).record(chat);

    String response = r.data().get("response").textValue();
    assertFalse(response.contains("BEGIN OPENSSH"), response);
    assertFalse(r.data().get("steps").get(0).has("text"));
    dev.gitml.storage.record.Chat read = r.as(dev.gitml.storage.record.Chat.class);
    assertEquals(response, read.steps().get(0).text() + "\n\n" + read.steps().get(1).text());
  }

  @Test
  void record_keySplitAcrossTwoTextSteps_noStepKeepsEitherHalf() {
    List<String> key = fakeKey("RSA PRIVATE KEY", 8);
    String first = "Part one:\n" + String.join("\n", key.subList(0, 5));
    String second = String.join("\n", key.subList(5, key.size()));
    dev.gitml.storage.record.Chat chat =
        new dev.gitml.storage.record.Chat(
            "c1",
            "2026-01-21T06:20:30Z",
            "s1",
            "show the key",
            first + "\n\n" + second,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            null,
            null,
            null,
            "aider",
            null,
            null,
            null,
            null,
            List.of(
                dev.gitml.storage.record.Step.text(first, null),
                dev.gitml.storage.record.Step.text(second, null)));

    dev.gitml.storage.record.StoredRecord r = new RecordScrubber(Redactor.standard()).record(chat);

    String stored = r.data().toString();
    for (String line : key.subList(1, key.size() - 1)) {
      assertFalse(stored.contains(line), "a body line of the key is stored: " + line);
    }
    assertTrue(stored.contains("[REDACTED:"), stored);
    // one step, its text stored once (as the response)
    assertEquals(1, r.data().get("steps").size(), stored);
    assertFalse(r.data().get("steps").get(0).has("text"), stored);
  }
}
