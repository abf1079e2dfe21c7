package dev.gitml.storage.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void toBytes_nestedUnsortedObject_sortsKeysWithoutWhitespace() throws Exception {
    ObjectNode n =
        (ObjectNode)
            json.readTree(
                "{ \"b\": [3, {\"z\": true, \"a\": null}], \"a\": \"é\\n\\u0001\", \"c\": 1.5 }");

    byte[] bytes = CanonicalJson.toBytes(n);

    assertArrayEquals(
        "{\"a\":\"é\\n\\u0001\",\"b\":[3,{\"a\":null,\"z\":true}],\"c\":1.5}"
            .getBytes(StandardCharsets.UTF_8),
        bytes);
  }

  @Test
  void contentId_sameDataAnyKeyOrder_sameId() throws Exception {
    ObjectNode a = (ObjectNode) json.readTree("{\"x\":1,\"y\":\"two\"}");
    ObjectNode b = (ObjectNode) json.readTree("{\"y\":\"two\",\"x\":1}");

    assertEquals(
        StoredRecord.contentId(RecordType.LINK, a), StoredRecord.contentId(RecordType.LINK, b));
    assertNotEquals(
        StoredRecord.contentId(RecordType.LINK, a), StoredRecord.contentId(RecordType.FEEDBACK, a));
  }

  @Test
  void toLine_commitRecord_matchesGoldenBytes() {
    Commit c =
        new Commit(
            "0123456789abcdef0123456789abcdef01234567",
            "Fix it\n\nBody",
            "ana",
            "2026-01-02T03:04:05+01:00",
            "main",
            List.of("a.txt"),
            2,
            1,
            3,
            "Friday",
            false,
            false,
            1,
            60L);

    StoredRecord r = StoredRecord.of(c);

    // Golden: the envelope order, canonical data and the id (SHA-256 of {"data":…,"type":…}).
    assertEquals(
        "{\"id\":\""
            + r.id()
            + "\",\"type\":\"commit\",\"v\":1,\"ts\":1767319445000,\"data\":{"
            + "\"author\":\"ana\",\"branch\":\"main\",\"day_of_week\":\"Friday\","
            + "\"deletions\":1,\"files_changed\":[\"a.txt\"],"
            + "\"hash\":\"0123456789abcdef0123456789abcdef01234567\",\"hour_of_day\":3,"
            + "\"insertions\":2,\"is_initial\":false,\"is_merge\":false,"
            + "\"message\":\"Fix it\\n\\nBody\",\"parent_count\":1,"
            + "\"seconds_since_last_commit\":60,\"timestamp\":\"2026-01-02T03:04:05+01:00\"}}",
        new String(RecordCodec.toLine(r), StandardCharsets.UTF_8));
    // Cross-checked with Python: sha256(json.dumps({"data": d, "type": "commit"},
    // sort_keys=True, separators=(",", ":"), ensure_ascii=False)).
    assertEquals("c2d5dd310e913a1b29aeffca479d3cea88471f70717e6c92af4515c7c10bce41", r.id());
  }

  @Test
  void parse_lineWrittenByToLine_roundTripsToSameIdAndBytes() throws Exception {
    StoredRecord r = StoredRecord.of(new Link("chat-commit", "chat-1", "abc", null, "test"));

    StoredRecord back = RecordCodec.parse(RecordCodec.toLine(r));

    assertEquals(r, back);
    assertArrayEquals(RecordCodec.toLine(r), RecordCodec.toLine(back));
    assertEquals(true, back.idMatchesContent());
  }
}
