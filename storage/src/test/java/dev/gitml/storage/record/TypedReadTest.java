package dev.gitml.storage.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypedReadTest {
  @Test
  void toLine_linkOfEnumKind_writesTheWireNameAndKeepsTheId() {
    StoredRecord r =
        StoredRecord.of(new Link(Link.Kind.CHAT_COMMIT, "chat-1", "abc", null, "test"));

    // Cross-checked with Python: sha256(json.dumps({"data": d, "type": "link"},
    // sort_keys=True, separators=(",", ":"))) for the link as the string-kinded record wrote it.
    assertEquals(
        "{\"from\":\"chat-1\",\"kind\":\"chat-commit\",\"source\":\"test\",\"to\":\"abc\"}",
        new String(r.canonicalData(), StandardCharsets.UTF_8));
    assertEquals("0150695ac159a5953c6fb96eba28d3de3de9cd9b90ac38199659091bfb090f0a", r.id());
    assertEquals(Link.Kind.CHAT_COMMIT, r.as(Link.class).kind());
  }

  @Test
  void fromWireName_everyKind_roundTrips() {
    for (Link.Kind k : Link.Kind.values()) {
      assertEquals(k, Link.Kind.fromWireName(k.wireName()));
    }
    assertEquals(
        List.of(
            "chat-commit",
            "session-commit",
            "supersedes",
            "reverts",
            "completes",
            "references",
            "pull-request-commit"),
        List.of(Link.Kind.values()).stream().map(Link.Kind::wireName).toList());
    assertThrows(IllegalArgumentException.class, () -> Link.Kind.fromWireName("Chat-Commit"));
  }

  @Test
  void parseAs_storedLines_equalsParseThenAs() throws Exception {
    List<RecordData> payloads =
        List.of(
            new Commit(
                "a1",
                "Fix it\n\nBody",
                "dev",
                "2026-01-02T03:04:05+01:00",
                "main",
                List.of("a.txt", "dir/b.java"),
                3,
                1,
                3,
                "Friday",
                false,
                false,
                1,
                60L),
            new CommitFull(
                "b2",
                "Add \"quoted\"",
                "dev",
                "2026-01-02T03:04:05Z",
                null,
                null,
                1,
                0,
                3,
                "Friday",
                false,
                true,
                0,
                null,
                List.of(
                    new Hunk(
                        "a.txt",
                        "f()",
                        4,
                        List.of("x"),
                        List.of(),
                        List.of("c"),
                        List.of(),
                        "add")),
                "s-1",
                true,
                false,
                List.of("binary file left out")),
            new Link(Link.Kind.SUPERSEDES, "b2", "a1", "2026-01-02T03:04:05Z", "amend"),
            new Feedback(
                "chat", "chat-1", -1, "o'brien's \"take\"", "2026-01-02T03:04:05Z", "cli"));
    for (RecordData p : payloads) {
      StoredRecord r = StoredRecord.of(p);
      byte[] line = RecordCodec.toLine(r);

      Stored<? extends RecordData> typed = parseAs(line, p.getClass());

      assertEquals(r.id(), typed.id());
      assertEquals(r.ts(), typed.ts());
      assertEquals(RecordCodec.parse(line).as(p.getClass()), typed.data());
      assertEquals(p, typed.data());
    }
  }

  private static <T extends RecordData> Stored<T> parseAs(byte[] line, Class<T> type)
      throws RecordFormatException {
    return RecordCodec.parseAs(line, 0, line.length, type);
  }

  @Test
  void parseAs_recordOfAnotherType_failsNamingBoth() {
    byte[] line =
        RecordCodec.toLine(StoredRecord.of(new Link(Link.Kind.CHAT_COMMIT, "c", "h", null, "t")));

    RecordFormatException e =
        assertThrows(
            RecordFormatException.class,
            () -> RecordCodec.parseAs(line, 0, line.length, Commit.class));
    assertEquals("a 'link' record where 'commit' was expected", e.getMessage());
  }

  @Test
  void parseAs_dataThatDoesNotFit_fails() {
    ObjectNode data = JsonNodeFactory.instance.objectNode().put("message", "no hash");
    byte[] line = RecordCodec.toLine(StoredRecord.of(RecordType.COMMIT, 0, data));

    RecordFormatException e =
        assertThrows(
            RecordFormatException.class,
            () -> RecordCodec.parseAs(line, 0, line.length, Commit.class));
    assertEquals(true, e.getMessage().startsWith("not a Commit record: "), e.getMessage());
  }

  @Test
  void parseAs_linkOfUnknownKind_fails() {
    ObjectNode data =
        JsonNodeFactory.instance.objectNode().put("kind", "blocks").put("from", "a").put("to", "b");
    byte[] line = RecordCodec.toLine(StoredRecord.of(RecordType.LINK, 0, data));

    assertThrows(
        RecordFormatException.class, () -> RecordCodec.parseAs(line, 0, line.length, Link.class));
  }
}
