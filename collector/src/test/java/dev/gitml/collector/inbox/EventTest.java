package dev.gitml.collector.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventTest {
  @TempDir Path tmp;

  /** An event file, byte for byte as the launcher writes it. */
  private static final String REWRITE =
      "gitml-event 1\nevent post-rewrite\nrepo /src/app\n"
          + "git-dir /src/app/.git\nhead \nbranch main\nargs amend\n\n"
          + "1111111111111111111111111111111111111111 2222222222222222222222222222222222222222\n"
          + "gitml-end\n";

  @Test
  void read_launcherBytes_headersAndBodyAsWritten() throws Exception {
    Path f = tmp.resolve("ev-1-0");
    Files.writeString(f, REWRITE, StandardCharsets.UTF_8);

    Event e = Event.read(f);

    assertEquals("post-rewrite", e.type());
    assertEquals(Path.of("/src/app"), e.repo());
    assertEquals("main", e.branch());
    assertEquals("amend", e.args());
    assertEquals(
        "1111111111111111111111111111111111111111 " + "2222222222222222222222222222222222222222\n",
        e.bodyText(1024));
    assertNull(e.bodyText(10), "over the bound: not read");
  }

  @Test
  void read_lastByteCut_notCompleteAndRefused() throws Exception {
    Path f = tmp.resolve("ev-1-0");
    Files.writeString(f, REWRITE.substring(0, REWRITE.length() - 1), StandardCharsets.UTF_8);

    assertFalse(Event.complete(f));
    assertThrows(Event.FormatException.class, () -> Event.read(f));
  }

  @Test
  void read_noBlankLineInTheHeaderBound_formatException() throws Exception {
    Path f = tmp.resolve("ev-1-0");
    Files.writeString(
        f,
        "gitml-event 1\n" + "x".repeat(Event.MAX_HEADER_BYTES) + "\ngitml-end\n",
        StandardCharsets.UTF_8);

    Event.FormatException e = assertThrows(Event.FormatException.class, () -> Event.read(f));
    assertTrue(e.getMessage().contains("no blank line"), e.getMessage());
  }

  @Test
  void openBody_largeBody_streamsExactlyTheBodyBytes() throws Exception {
    Path f = tmp.resolve("ev-1-0");
    String body = "{\"content\": \"" + "y".repeat(3 << 20) + "\"}\n";
    Files.writeString(
        f,
        "gitml-event 1\nevent claude:Stop\nrepo /src/app\n\n" + body + "gitml-end\n",
        StandardCharsets.UTF_8);

    Event e = Event.read(f);
    byte[] read;
    try (InputStream in = e.openBody()) {
      read = in.readAllBytes();
    }

    assertEquals(body.length(), e.bodyLength());
    assertEquals(body, new String(read, StandardCharsets.UTF_8));
  }
}
