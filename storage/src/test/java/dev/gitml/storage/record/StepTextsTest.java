package dev.gitml.storage.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.json.Mappers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepTextsTest {
  private static Chat chat(String response, Step... steps) {
    return chat(response, List.of(output("Read", "I read it.")), steps);
  }

  private static com.fasterxml.jackson.databind.JsonNode output(String tool, String output) {
    return Mappers.JSON
        .createObjectNode()
        .put("tool", tool)
        .put("output", output)
        .put("success", true);
  }

  private static Chat chat(
      String response, List<com.fasterxml.jackson.databind.JsonNode> outputs, Step... steps) {
    return new Chat(
        "c1",
        "2026-01-21T06:20:30Z",
        "s1",
        "fix it",
        response,
        List.of(),
        List.of(),
        List.of("Read"),
        outputs,
        null,
        null,
        null,
        "aider",
        null,
        null,
        null,
        null,
        Arrays.asList(steps));
  }

  private static final Step[] STEPS = {
    Step.text("I read it.\n\nIt is 😀 broken.", "2026-01-21T06:20:31Z"),
    Step.call("Read", "t1", Mappers.JSON.createObjectNode().put("file_path", "a.py"), null),
    Step.result("Read", "t1", "I read it.", true, null),
    Step.text("Fixed.", null)
  };

  private static ObjectNode compacted(Chat c) {
    return StepTexts.compact(RecordMapper.toData(c));
  }

  @Test
  void compact_responseHoldsTheTexts_storesLengthsAndReadsBackTheSameChat() throws Exception {
    Chat c = chat("I read it.\n\nIt is 😀 broken.\n\nFixed.", STEPS);

    ObjectNode data = compacted(c);

    assertFalse(data.get("steps").get(0).has("text"));
    assertEquals(27, data.get("steps").get(0).get("chars").intValue()); // code points: 😀 is one
    assertEquals(6, data.get("steps").get(3).get("chars").intValue());
    assertFalse(data.get("steps").get(2).has("output")); // it is tool_outputs[0]
    assertEquals(c, RecordMapper.fromData(data, Chat.class));
    StoredRecord r = StoredRecord.of(RecordType.CHAT, 0, data);
    byte[] line = RecordCodec.toLine(r);
    assertEquals(c, RecordCodec.parseAs(line, 0, line.length, Chat.class).data());
    ObjectNode whole = StepTexts.expanded(r.data());
    assertEquals("I read it.\n\nIt is 😀 broken.", whole.at("/steps/0/text").textValue());
    assertEquals("Fixed.", whole.at("/steps/3/text").textValue());
    assertFalse(whole.at("/steps/0").has("chars"));
  }

  @Test
  void compact_responseRedactedApartFromTheSteps_keepsTheTexts() {
    Chat c = chat("I read it.\n\nIt is [REDACTED:x] broken.\n\nFixed.", STEPS);

    ObjectNode data = compacted(c);

    assertEquals(
        "I read it.\n\nIt is 😀 broken.", data.get("steps").get(0).get("text").textValue());
    assertFalse(data.get("steps").get(0).has("chars"));
    assertEquals(c, RecordMapper.fromData(data, Chat.class));
  }

  @Test
  void compact_stepsCutBeforeTheResponseEnds_storesLengthsOfThoseKept() {
    Chat c = chat("I read it.\n\nIt is 😀 broken.\n\nFixed.\n\nMore than the steps kept.", STEPS);

    ObjectNode data = compacted(c);

    assertTrue(data.get("steps").get(3).has("chars"));
    assertEquals(c, RecordMapper.fromData(data, Chat.class));
  }

  @Test
  void compact_chatWithoutSteps_unchanged() {
    Chat c = chat("Fixed.");
    ObjectNode data = RecordMapper.toData(c);
    ObjectNode before = data.deepCopy();

    assertEquals(before, StepTexts.compact(data));
  }

  @Test
  void read_lengthPastTheResponse_readsAsNoText() {
    ObjectNode data = compacted(chat("I read it.\n\nIt is 😀 broken.\n\nFixed.", STEPS));
    data.put("response", "I read it.");

    Chat read = RecordMapper.fromData(data, Chat.class);

    assertNull(read.steps().get(0).text());
    assertNull(read.steps().get(3).text());
    assertEquals(List.of(), nonText(read));
  }

  @Test
  void compact_storedLineIsShorterThanTheChatWithTextsTwice() {
    String answer = "x".repeat(5_000);
    Chat c = chat(answer, Step.text(answer, null));

    byte[] full = CanonicalJson.toBytes(RecordMapper.toData(c));
    byte[] compact = CanonicalJson.toBytes(compacted(c));

    assertTrue(compact.length < full.length - 4_900, new String(compact, StandardCharsets.UTF_8));
  }

  @Test
  void compact_resultNotItsToolOutput_keepsEveryOutputAndStillTheTexts() {
    Chat c =
        chat(
            "I read it.\n\nIt is 😀 broken.\n\nFixed.",
            List.of(output("Read", "something else")),
            STEPS);

    ObjectNode data = compacted(c);

    assertEquals("I read it.", data.get("steps").get(2).get("output").textValue());
    assertTrue(data.get("steps").get(0).has("chars"));
    assertEquals(c, RecordMapper.fromData(data, Chat.class));
    assertEquals("I read it.", StepTexts.expanded(data).at("/steps/2/output").textValue());
  }

  @Test
  void read_resultWithoutOutput_takesItsToolOutput() {
    ObjectNode data = compacted(chat("I read it.\n\nIt is 😀 broken.\n\nFixed.", STEPS));

    assertEquals("I read it.", RecordMapper.fromData(data, Chat.class).steps().get(2).output());
    assertEquals("I read it.", StepTexts.expanded(data).at("/steps/2/output").textValue());
    assertFalse(StepTexts.expanded(data).at("/steps/1").has("output"));
  }

  @Test
  void compact_textEndingInsideACharacter_keepsItsText() {
    // the step's text ends with half of 😀; the response goes on with the other half
    Chat c = chat("It is \uD83D\uDE00 broken.", Step.text("It is \uD83D", null));

    ObjectNode data = compacted(c);

    assertEquals("It is \uD83D", data.at("/steps/0/text").textValue());
    assertFalse(data.at("/steps/0").has("chars"));
    assertEquals(c, RecordMapper.fromData(data, Chat.class));
  }

  @Test
  void read_someResultsWithOutputs_neverCompacted_noOutputFilledIn() {
    // a chat stored whole, one result without output: compaction takes all outputs or none
    Chat c =
        chat(
            "Done.",
            List.of(output("Read", "first"), output("Read", "second")),
            Step.result("Read", "t1", "first", true, null),
            Step.result("Read", "t2", null, true, null),
            Step.text("Done.", null));
    ObjectNode data = RecordMapper.toData(c);

    assertNull(RecordMapper.fromData(data, Chat.class).steps().get(1).output());
    assertFalse(StepTexts.expanded(data).at("/steps/1").has("output"));
  }

  private static List<Step> nonText(Chat c) {
    List<Step> out = new ArrayList<>();
    for (Step s : c.steps()) {
      if (s.kind() == Step.Kind.TEXT && s.text() != null) {
        out.add(s);
      }
    }
    return out;
  }
}
