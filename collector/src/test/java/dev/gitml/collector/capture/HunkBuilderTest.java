package dev.gitml.collector.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gitml.storage.record.Hunk;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.jgit.diff.RawText;
import org.junit.jupiter.api.Test;

class HunkBuilderTest {
  private static final String MARKER = "[REDACTED:private-key]";

  /** A fake key body in the shape openssl writes: 64 base64 characters a line. */
  static List<String> body(long seed, int lines) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    Random random = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines; i++) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < 64; c++) {
        line.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      out.add(line.toString());
    }
    return out;
  }

  static String key(String label, List<String> body) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + String.join("\n", body)
        + "\n-----END "
        + label
        + "-----\n";
  }

  private static List<Hunk> hunks(String before, String after) {
    RawText a = new RawText(before.getBytes(StandardCharsets.UTF_8));
    RawText b = new RawText(after.getBytes(StandardCharsets.UTF_8));
    return HunkBuilder.hunks(
        "deploy/key.pem", before.isEmpty() ? "add" : "modify", a, b, HunkBuilder.edits(a, b));
  }

  private static void assertNoKeyLine(List<Hunk> hunks, List<String> body) {
    for (Hunk h : hunks) {
      for (List<String> lines :
          List.of(h.linesAdded(), h.linesRemoved(), h.contextBefore(), h.contextAfter())) {
        for (String line : lines) {
          assertFalse(body.stream().anyMatch(line::contains), line);
          assertFalse(line.contains("PRIVATE KEY-----"), line);
        }
      }
      assertFalse(
          h.function() != null && body.stream().anyMatch(h.function()::contains), h.function());
    }
  }

  @Test
  void hunks_keyRotatedBeginAndEndUnchanged_bodyOfBothSidesOneMarkerEach() {
    List<String> oldBody = body(1, 25);
    List<String> newBody = body(2, 25);

    List<Hunk> hunks = hunks(key("RSA PRIVATE KEY", oldBody), key("RSA PRIVATE KEY", newBody));

    assertEquals(1, hunks.size());
    Hunk h = hunks.get(0);
    assertEquals(List.of(MARKER), h.linesAdded());
    assertEquals(List.of(MARKER), h.linesRemoved());
    assertEquals(List.of(MARKER), h.contextBefore());
    assertEquals(List.of(MARKER), h.contextAfter());
    assertNoKeyLine(hunks, oldBody);
    assertNoKeyLine(hunks, newBody);
  }

  @Test
  void hunks_oneLineOfAKeyInAConfigFileChanged_keyLinesMaskedOtherLinesKept() {
    List<String> oldBody = body(3, 20);
    List<String> newBody = new ArrayList<>(oldBody);
    newBody.set(10, body(4, 1).get(0));
    String head = "server:\n  port: 8443\n  tls_key: |\n";
    String tail = "  log: info\n";

    List<Hunk> hunks =
        hunks(head + key("PRIVATE KEY", oldBody) + tail, head + key("PRIVATE KEY", newBody) + tail);

    Hunk h = hunks.get(0);
    assertEquals(List.of(MARKER), h.linesAdded());
    assertEquals(List.of(MARKER), h.linesRemoved());
    assertNull(h.function(), "a base64 line starts with a letter but is no heading");
    assertNoKeyLine(hunks, oldBody);
    assertNoKeyLine(hunks, newBody);
  }

  @Test
  void hunks_keyAddedUnderOtherLines_markerBetweenThem() {
    List<String> body = body(5, 6);
    String after = "# keys\n" + key("OPENSSH PRIVATE KEY", body) + "# end\n";

    List<Hunk> hunks = hunks("", after);

    assertEquals(List.of("# keys", MARKER, "# end"), hunks.get(0).linesAdded());
  }

  @Test
  void hunks_truncatedKeyAndEncryptedKeyHeaders_maskedToTheLastBodyLine() {
    List<String> body = body(6, 8);
    String encrypted =
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
            + "DEK-Info: AES-128-CBC,5ACC2CA0839B4773439B916049EFA8B6\n\n"
            + String.join("\n", body.subList(0, 4))
            + "\n-----END RSA PRIVATE KEY-----\n";
    String truncated =
        "-----BEGIN EC PRIVATE KEY-----\n" + String.join("\n", body.subList(4, 8)) + "\n";

    List<Hunk> hunks = hunks("", "a\n" + encrypted + "b\n" + truncated);

    assertEquals(List.of("a", MARKER, "b", MARKER), hunks.get(0).linesAdded());
  }

  @Test
  void hunks_codeThatNamesTheMarkers_keptAsIs() {
    String code =
        "if line == \"-----BEGIN RSA PRIVATE KEY-----\":\n"
            + "    in_key = True\n"
            + "elif line == \"-----END RSA PRIVATE KEY-----\":\n"
            + "    in_key = False\n";

    List<Hunk> hunks = hunks("", code);

    assertEquals(List.of(code.split("\n")), hunks.get(0).linesAdded());
  }
}
