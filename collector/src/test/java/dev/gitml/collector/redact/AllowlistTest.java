package dev.gitml.collector.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AllowlistTest {
  /** A text each alternative of the two patterns matches, in the order they are written. */
  private static final List<String> EACH_ALTERNATIVE =
      List.of(
          "[REDACTED:x]",
          "abxxxxcd",
          "xxx",
          "a***b",
          "a•••b",
          "tok…",
          "ab...cd",
          "my-example-1",
          "changeme",
          "change_me",
          "replaceme",
          "replace-me",
          "placeholder",
          "dummy1",
          "your-key",
          "a_your_b",
          "insert_key",
          "not_a_real_one",
          "todo",
          "tbd",
          "a0000000000",
          "x12345678",
          "abcdefghijz",
          "ABCDEFGHIJZ",
          "abc-123",
          "${TOKEN}",
          "$(cat f)",
          "$TOKEN",
          "a{{b}}",
          "x}}",
          "%(pw)s",
          "%s",
          "<your key>",
          "[secret]",
          "#{pw}",
          "{pw.x}",
          "changeit",
          "ENC(abc)",
          "ENC[AES256_GCM,data]",
          "{YWJjZGVmZ2hpamtsbW5vcA==}",
          "{cipher}abc",
          "AgB" + "A".repeat(150),
          "$2b$10$abc",
          "$argon2id$v=19",
          "sha256:" + "a".repeat(64),
          "vault:secret/x",
          "ref+awssm:x",
          "op://vault/item");

  private static boolean byRegex(String s) {
    return Allowlist.PLACEHOLDER.matcher(s).find() || Allowlist.PROTECTED.matcher(s).find();
  }

  @Test
  void allows_eachAlternativeInAnyCase_allowed() {
    Allowlist allowlist = new Allowlist(List.of());
    for (String s : EACH_ALTERNATIVE) {
      assertTrue(allowlist.allows(s), s);
      assertEquals(
          byRegex(s.toUpperCase(Locale.ROOT)), allowlist.allows(s.toUpperCase(Locale.ROOT)), s);
      assertEquals(byRegex("K" + s + "ſ"), allowlist.allows("K" + s + "ſ"), s);
    }
  }

  @Test
  void allows_randomCandidates_sameAsThePatternsAlone() {
    Allowlist allowlist = new Allowlist(List.of());
    String alphabet = "abcdexyzABEXYZ0123_-.*$%{}<>[]#:/+=•…ſK ";
    Random random = new Random(15);
    List<String> disagree = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      StringBuilder s = new StringBuilder();
      for (int n = random.nextInt(12); n > 0; n--) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (random.nextInt(4) == 0) {
        String part = EACH_ALTERNATIVE.get(random.nextInt(EACH_ALTERNATIVE.size()));
        s.insert(
            random.nextInt(s.length() + 1),
            random.nextBoolean() ? part : part.substring(0, part.length() / 2));
      }
      String candidate = s.toString();
      if (allowlist.allows(candidate) != byRegex(candidate)) {
        disagree.add(candidate);
      }
    }
    assertEquals(List.of(), disagree);
  }
}
