package dev.gitml.storage.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
  private static final String ID = "a".repeat(64);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parse_notJson_failsNamingTheProblem() {
    RecordFormatException e =
        assertThrows(RecordFormatException.class, () -> RecordCodec.parse(bytes("{\"id\": ")));
    assertTrue(e.getMessage().startsWith("not JSON"), e.getMessage());
  }

  @Test
  void parse_unknownType_fails() {
    RecordFormatException e =
        assertThrows(
            RecordFormatException.class,
            () ->
                RecordCodec.parse(
                    bytes(
                        "{\"id\":\"" + ID + "\",\"type\":\"wat\",\"v\":1,\"ts\":0,\"data\":{}}")));
    assertEquals("unknown record type 'wat'", e.getMessage());
  }

  @Test
  void parse_newerVersion_failsNamingBothVersions() {
    RecordFormatException e =
        assertThrows(
            RecordFormatException.class,
            () ->
                RecordCodec.parse(
                    bytes(
                        "{\"id\":\"" + ID + "\",\"type\":\"link\",\"v\":2,\"ts\":0,\"data\":{}}")));
    assertEquals("record version 2 not supported (this gitml reads 1)", e.getMessage());
  }

  @Test
  void parse_missingData_fails() {
    assertThrows(
        RecordFormatException.class,
        () ->
            RecordCodec.parse(bytes("{\"id\":\"" + ID + "\",\"type\":\"link\",\"v\":1,\"ts\":0}")));
  }

  @Test
  void idMatchesContent_tamperedData_false() throws Exception {
    StoredRecord r = StoredRecord.of(new Link("chat-commit", "a", "b", null, "t"));
    String line =
        new String(RecordCodec.toLine(r), StandardCharsets.UTF_8).replace("\"b\"", "\"c\"");

    assertEquals(false, RecordCodec.parse(bytes(line)).idMatchesContent());
  }

  @Test
  void timestamps_gitAndIsoAndLocalSpellings_normalizeWithOffsetKept() {
    assertEquals("2025-12-27T10:38:55-05:00", Timestamps.normalize("2025-12-27 10:38:55 -0500"));
    assertEquals("2026-08-07T15:15:14+12:00", Timestamps.normalize("2026-08-07T15:15:14+12:00"));
    assertEquals("2025-12-27T01:51:00.044382Z", Timestamps.normalize("2025-12-27T01:51:00.044382"));
    assertEquals(null, Timestamps.normalize("yesterday"));
    assertEquals(1766849935000L, Timestamps.millisOrZero("2025-12-27 10:38:55 -0500"));
  }

  @Test
  void startsWithId_ownLineOtherIdAndCutLine_onlyItsOwn() {
    StoredRecord r =
        StoredRecord.of(
            RecordType.CHAT,
            0,
            new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("id", "c1"));
    byte[] line = RecordCodec.toLine(r);
    byte[] framed = new byte[line.length + 4];
    System.arraycopy(line, 0, framed, 2, line.length);
    org.junit.jupiter.api.Assertions.assertTrue(
        RecordCodec.startsWithId(framed, 2, line.length, r.id()));
    String other = "0".repeat(64);
    org.junit.jupiter.api.Assertions.assertFalse(
        RecordCodec.startsWithId(framed, 2, line.length, other));
    org.junit.jupiter.api.Assertions.assertFalse(RecordCodec.startsWithId(framed, 2, 40, r.id()));
    org.junit.jupiter.api.Assertions.assertFalse(
        RecordCodec.startsWithId(framed, 3, line.length - 1, r.id()));
  }
}
