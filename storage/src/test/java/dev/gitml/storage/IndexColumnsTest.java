package dev.gitml.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IndexColumnsTest {
  @Test
  void redactions_markersInCanonicalBytes_countedByRule() {
    byte[] b =
        ("{\"a\":\"x [REDACTED:github-pat] y [REDACTED:aws-key] [REDACTED:github-pat]\","
                + "\"b\":\"[REDACTED:\",\"c\":\"[REDACTED]\"}")
            .getBytes(StandardCharsets.UTF_8);

    assertEquals("aws-key=1;github-pat=2", IndexColumns.redactions(b));
    assertNull(IndexColumns.redactions("{\"a\":\"clean\"}".getBytes(StandardCharsets.UTF_8)));
  }
}
