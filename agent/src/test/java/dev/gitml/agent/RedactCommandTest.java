package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Fake, format-valid.
  private static final String TOKEN = "ghp_R3aLlyN0tAT0k3nBuTL00ksL1k30ne123456";

  @TempDir Path tmp;

  @Test
  void redact_text_printsRedactedText() {
    CliRun r = CliRun.of("-C", tmp.toString(), "redact", "--text", "export GH=" + TOKEN);

    assertEquals(0, r.exit(), r.err());
    assertEquals("export GH=[REDACTED:github-token]\n", r.out());
  }

  @Test
  void redact_json_offsetsCountCodePoints() throws Exception {
    String text = "😀 é " + TOKEN;

    CliRun r = CliRun.of("-C", tmp.toString(), "redact", "--json", "--text", text);

    JsonNode out = JSON.readTree(r.out());
    assertEquals("😀 é [REDACTED:github-token]", out.path("text").asText());
    JsonNode f = out.path("redactions").get(0);
    assertEquals("github-token", f.path("rule").asText());
    int[] cps = text.codePoints().toArray();
    assertEquals(
        TOKEN,
        new String(cps, f.path("start").asInt(), f.path("end").asInt() - f.path("start").asInt()));
    assertEquals(1, out.path("counts").path("github-token").asInt());
  }

  @Test
  void redact_jsonl_oneLineOutPerLineInInOrderAndBadLinesReported() throws Exception {
    String in =
        "{\"id\": 1, \"text\": \"token "
            + TOKEN
            + "\"}\n"
            + "not json\n"
            + "{\"id\": \"b\", \"text\": \"nothing here\"}\n"
            + "{\"id\": 3}\n";

    CliRun r = CliRun.withInput(in, "-C", tmp.toString(), "redact", "--jsonl");

    assertEquals(1, r.exit(), "bad lines make the run fail");
    List<String> lines = r.out().lines().toList();
    assertEquals(4, lines.size(), r.out());
    JsonNode first = JSON.readTree(lines.get(0));
    assertEquals(1, first.path("id").asInt());
    assertEquals("token [REDACTED:github-token]", first.path("text").asText());
    assertEquals(6, first.path("redactions").get(0).path("start").asInt());
    assertTrue(JSON.readTree(lines.get(1)).path("error").asText().startsWith("line 2: not JSON"));
    JsonNode third = JSON.readTree(lines.get(2));
    assertEquals("b", third.path("id").asText());
    assertEquals(0, third.path("redactions").size());
    assertTrue(JSON.readTree(lines.get(3)).has("error"));
    assertEquals(2, r.err().lines().count(), r.err());
  }

  @Test
  void redact_fileWithInvalidUtf8_otherBytesKeptExactly() throws Exception {
    byte[] before = "caf\u00e9 \u00ff\u00fe\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] secret = ("password: hunter2x9\n").getBytes(StandardCharsets.US_ASCII);
    Path file = tmp.resolve("a file.txt");
    Files.write(file, concat(before, secret));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int code =
        Cli.run(
            new String[] {"-C", tmp.toString(), "redact", "a file.txt"},
            System.in,
            new PrintStream(out, true),
            new PrintStream(new ByteArrayOutputStream()));

    assertEquals(0, code);
    assertArrayEquals(
        concat(
            before,
            "password: [REDACTED:password-assignment]\n".getBytes(StandardCharsets.US_ASCII)),
        out.toByteArray());
  }

  @Test
  void redact_fileHoldingAnOpensshKey_wholeKeyOneMarkerCountedOnce() throws Exception {
    StringBuilder key = new StringBuilder("-----BEGIN OPENSSH PRIVATE KEY-----\n");
    java.util.Random random = new java.util.Random(14);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int line = 0; line < 27; line++) {
      for (int c = 0; c < 70; c++) {
        key.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      key.append('\n');
    }
    key.append("-----END OPENSSH PRIVATE KEY-----\n");
    Files.writeString(tmp.resolve("id_ed25519"), key);

    CliRun plain = CliRun.of("-C", tmp.toString(), "redact", "id_ed25519");
    CliRun json = CliRun.of("-C", tmp.toString(), "redact", "--json", "id_ed25519");

    assertEquals("[REDACTED:private-key]\n", plain.out(), plain.err());
    JsonNode out = JSON.readTree(json.out());
    assertEquals(1, out.path("counts").path("private-key").asInt(), json.out());
    assertEquals(1, out.path("redactions").size(), json.out());
  }

  @Test
  void redact_insideRepositoryWithConfigRules_appliesThem() throws Exception {
    Path repo = tmp.resolve("repo");
    Files.createDirectories(repo);
    Git.init().setDirectory(repo.toFile()).call().close();
    assertEquals(0, CliRun.of("-C", repo.toString(), "init", "--no-hooks", "--no-backfill").exit());
    Path config = repo.resolve(".git-ml/config.json");
    String json =
        Files.readString(config)
            .replaceFirst(
                "\"rules\" : \\[ \\]",
                "\"rules\": [{\"id\": \"acme-key\", \"keywords\": [\"acme_\"],"
                    + " \"regex\": \"(acme_[a-z0-9]{16})\"}]");
    Files.writeString(config, json);

    CliRun r = CliRun.of("-C", repo.toString(), "redact", "--text", "acme_7f3k9q2m4x8z1b6n");

    assertEquals("[REDACTED:acme-key]\n", r.out(), json);
  }

  @Test
  void redact_textAndFile_exitsTwo() {
    CliRun r = CliRun.of("-C", tmp.toString(), "redact", "--text", "x", "file.txt");

    assertEquals(2, r.exit());
    assertEquals("gitml: give --text or FILE, not both\n", r.err());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
