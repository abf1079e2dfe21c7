package dev.gitml.collector.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitml.storage.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleRedactorTest {
  // Fake, format-valid secrets.
  private static final String GITHUB = "ghp_R3aLlyN0tAT0k3nBuTL00ksL1k30ne123456";
  private static final String AWS_ID = "AKIAZ7Q3LMN4OPQ2RS5T";
  private static final String SLACK = "xoxb-582039174625-3918274650193-Qm7sPz2LxK9vRt4NwB8cYd3F";

  private final Redactor redactor = Redactor.standard();

  @Test
  void redact_textWithoutSecrets_returnsItUnchanged() {
    String code = "public int add(int a, int b) {\n  return a + b; // task: desk, ask\n}\n";

    Redaction r = redactor.redact(code);

    assertSame(code, r.text());
    assertFalse(r.changed());
  }

  @Test
  void redact_tokenInJsonEscapedTranscriptLine_replacedWithItsRuleMarker() {
    String line =
        "{\"type\":\"tool_result\",\"content\":\"$ env\\nGITHUB_TOKEN="
            + GITHUB
            + "\\nHOME=/home/ana\\n\"}";

    Redaction r = redactor.redact(line);

    assertEquals(
        "{\"type\":\"tool_result\",\"content\":\"$ env\\nGITHUB_TOKEN="
            + "[REDACTED:github-token]\\nHOME=/home/ana\\n\"}",
        r.text());
    assertEquals(
        List.of(
            new Redaction.Finding(
                "github-token", line.indexOf(GITHUB), line.indexOf(GITHUB) + GITHUB.length())),
        r.findings());
  }

  @Test
  void redact_tokenRightAfterEscapedNewline_stillFound() {
    String line = "\"key.txt:\\n" + AWS_ID + "\\n\"";

    assertEquals("\"key.txt:\\n[REDACTED:aws-access-key-id]\\n\"", redactor.clean(line));
  }

  @Test
  void redact_providerTokenAssignedToSecretName_providerRuleWinsOverGeneric() {
    Redaction r = redactor.redact("SLACK_BOT_TOKEN=\"" + SLACK + "\"");

    assertEquals("SLACK_BOT_TOKEN=\"[REDACTED:slack-token]\"", r.text());
    assertEquals(1, r.findings().size());
  }

  @Test
  void redact_twice_secondPassChangesNothing() {
    String text =
        "curl -u "
            + "sk_live_"
            + "4eC39HqLyjWDarjtT1zdp7dc9f"
            + ": https://x\n"
            + "password: hunter2x9\nAuthorization: Bearer "
            + "abcDEF1234567890ghiJKL==\n";

    String once = redactor.clean(text);

    assertTrue(once.contains("[REDACTED:"), once);
    assertEquals(once, redactor.clean(once));
  }

  @Test
  void redact_pemKeyAddedInDiff_wholeBodyRemoved() {
    String body = "MIIEowIBAAKCAQEAx8fZq9sJ2mK4pL7vR1tW3yB5nD8eG0hJ6kM9oQ2rS4uV7wX1zA3c";
    String diff =
        "+++ b/deploy.pem\n@@ -0,0 +1,4 @@\n+-----BEGIN RSA PRIVATE KEY-----\n+"
            + body
            + "\n+"
            + body.toLowerCase()
            + "\n+-----END RSA PRIVATE KEY-----\n";

    String out = redactor.clean(diff);

    assertEquals("+++ b/deploy.pem\n@@ -0,0 +1,4 @@\n+[REDACTED:private-key]\n", out);
  }

  @Test
  void redact_truncatedPemKey_bodyStillRemoved() {
    String body = "MIIEowIBAAKCAQEAx8fZq9sJ2mK4pL7vR1tW3yB5nD8eG0hJ6kM9oQ2rS4uV7wX1zA3c";

    String out = redactor.clean("-----BEGIN OPENSSH PRIVATE KEY-----\n" + body + "\n" + body);

    assertFalse(out.contains(body.substring(10, 40)), out);
  }

  @Test
  void redact_awsKeyAndPasswordInAPrompt_secretAndPasswordRemoved() {
    String prompt =
        "My AWS key is AKIAIOSFODNN7EXAMPLE with secret "
            + "2hpChYgCfrL1spNx8RbXy3T0kJ9mPqWz5vLcAeDd and the db password is N0tMyRealPw_8842q";

    String out = redactor.clean(prompt);

    assertFalse(out.contains("2hpChYgCfrL1spNx8RbXy3T0kJ9mPqWz5vLcAeDd"), out);
    assertFalse(out.contains("N0tMyRealPw_8842q"), out);
    assertTrue(out.contains("AKIAIOSFODNN7EXAMPLE"), "AWS's documentation id stays: " + out);
  }

  @Test
  void redact_fortyCharacterSecretBesideAnAccessKeyId_removedWhateverItsName() {
    String secret = "k9Vq2Lx7Rz4Tw8Yb1Nm5Pc3Hd6Jf0Gs2Ae4Ui7Oy";
    for (String text :
        List.of(
            AWS_ID + " / " + secret,
            "use " + AWS_ID + " (the one for staging) and " + secret + " to sign",
            secret + "," + AWS_ID,
            "{\"tool_result\":\"ok\\nid " + AWS_ID + " then " + secret + "\\n\"}")) {
      String out = redactor.clean(text);

      assertFalse(out.contains(secret), out);
      assertFalse(out.contains(AWS_ID), out);
    }
  }

  @Test
  void redact_secretNamedInASentence_removed() {
    for (String[] c :
        new String[][] {
          {"the staging passwd: Xy7kq9Lm2w", "Xy7kq9Lm2w"},
          {"my token: gh7Xk29sLq0Pz8vBn3mWq for the api", "gh7Xk29sLq0Pz8vBn3mWq"},
          {"the api key = 9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c", "9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c"},
          {"the credentials are admin:Sup3rS3cret!", "admin:Sup3rS3cret!"},
          {"The password for root@db01 is 'hunter2x9'.", "hunter2x9"},
          {"and the secret key is wq8Ve2rTz5Lp0Ka3", "wq8Ve2rTz5Lp0Ka3"},
          {"passwords were Spring2024! and Summer2024!", "Spring2024!"},
          {"access key: Q2x8Lm4Vn7Rt1Wz9", "Q2x8Lm4Vn7Rt1Wz9"},
          {"I changed the passphrase to gsx9Y1qVz-68vfLbB yesterday", "gsx9Y1qVz-68vfLbB"},
          {"the password for the prod database is Tq8#mZ2rLw", "Tq8#mZ2rLw"},
          {"{\"content\":\"the password is \\\"mjXNhhQc_14kf\\\".\"}", "mjXNhhQc_14kf"}
        }) {
      String out = redactor.clean(c[0]);

      assertFalse(out.contains(c[1]), out);
    }
  }

  @Test
  void redact_proseAndCodeThatNameSecrets_leftAlone() {
    for (String text :
        List.of(
            "the password field is required",
            "token: string",
            "secret: process.env.X",
            "the password is <password>",
            "password is changeme",
            "password is ${DB_PASSWORD}",
            "password is too short",
            "The password is incorrect, please try again.",
            "the token is 3600 seconds old",
            "Your password is stored as a bcrypt hash.",
            "the secret key is read from settings.py",
            "password is PASSWORD_MIN_LENGTH",
            "the token is user-profile-v2",
            "if password is not None and token is None:",
            "String secret = computeSecret();",
            "the secret sauce is patience",
            "the api key is in the vault",
            "commit 3fa2c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3 by AKIAIOSFODNN7EXAMPLE",
            "use the token AuthenticationServiceFactory",
            "credentials are rotated monthly",
            "access key ids look like AKIA followed by 16 characters",
            "token is base64url-encoded",
            "the secret is HMAC-SHA256",
            "the token is RS256-signed",
            "If no credentials are found, raise.",
            "if token is Name or token is Name.Class:",
            "def sign(password: bytes, salt: bytes):",
            "arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestSecret-Ca8JGt",
            "# an EOF token will be created.</p>",
            "the credentials are stored in ~/.aws/credentials",
            "ACL_CREDENTIALS = \"Access-Control-Allow-Credentials\"",
            "# We will write token to .netrc for Linux and Windows")) {
      assertEquals(text, redactor.clean(text));
    }
  }

  @Test
  void redact_shortValueAfterASecretsName_leftAlone() {
    // a two-character crypt(3) salt, a one-letter flag: values too short to be a secret
    for (String text :
        List.of(
            "String h = Crypt.crypt(\"secret\", \"xx\");",
            "hash = crypt.crypt('secret', 'ab')",
            "setProperty(\"api.token\", \"1\")")) {
      assertEquals(text, redactor.clean(text));
    }
  }

  @Test
  void redact_placeholdersAndReferences_leftAlone() {
    for (String text :
        List.of(
            "export GITHUB_TOKEN=${GITHUB_TOKEN}",
            "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
            "password = getpass.getpass()",
            "api_key: str",
            "token = request.headers.get(\"Authorization\")",
            "\"integrity\": \"sha512-9qyqzL0t6JgQ3kVt1Ux/0kQvvzRsdqHbK1Y2Kk4VQv0Q==\"",
            "request_id=550e8400-e29b-41d4-a716-446655440000",
            "max_tokens=4096")) {
      assertEquals(text, redactor.clean(text));
    }
  }

  @Test
  void redact_offsetsAfterNonAsciiText_pointAtTheSecret() {
    String text = "héllo 😀 token " + GITHUB + " ✓";

    Redaction.Finding f = redactor.redact(text).findings().get(0);

    assertEquals(GITHUB, text.substring(f.start(), f.end()));
  }

  @Test
  void redact_tenMegabyteLineWithSecretAtTheEnd_findsIt() {
    StringBuilder line = new StringBuilder(10_000_100);
    while (line.length() < 10_000_000) {
      line.append("token=aaaa; secret key_ ");
    }
    line.append(GITHUB);

    Redaction r = redactor.redact(line.toString());

    assertTrue(r.text().endsWith("[REDACTED:github-token]"));
    assertEquals(1, r.findings().size());
  }

  @Test
  void redact_backtrackingBait_completesWithoutFinding() {
    // Inputs that send a backtracking engine into exponential time on rules like these.
    String bait =
        "password=\""
            + "a".repeat(200_000)
            + "\n"
            + "-----BEGIN RSA PRIVATE KEY-----"
            + "a\\n".repeat(100_000)
            + "\n"
            + "api_key: '"
            + "\\'".repeat(50_000)
            + "\n"
            + "postgres://"
            + "u:".repeat(100_000)
            + "@\n";

    Redaction r = redactor.redact(bait);

    assertTrue(r.text().length() > 0);
  }

  @Test
  void withConfig_extraRuleDisabledRuleAndAllowlist_applied() throws Exception {
    JsonNode redaction =
        new ObjectMapper()
            .readTree(
                """
        {"rules": [{"id": "acme-key", "keywords": ["acme_"], "regex": "(acme_[a-z0-9]{16})"},
                   {"id": "jwt", "disabled": true}],
         "allowlist": ["^ghp_R3aL"]}""");
    Redactor custom = RuleSet.builtIn().withConfig(redaction).redactor();
    String jwt =
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

    assertEquals("key [REDACTED:acme-key]", custom.clean("key acme_7f3k9q2m4x8z1b6n"));
    assertEquals(jwt, custom.clean(jwt));
    assertEquals("token " + GITHUB, custom.clean("token " + GITHUB));
    assertTrue(redactor.clean(jwt).contains("[REDACTED:jwt]"));
  }

  @Test
  void withConfig_invalidRegex_failsNamingTheRule() throws Exception {
    JsonNode redaction =
        new ObjectMapper()
            .readTree(
                "{\"rules\": [{\"id\": \"broken\", \"keywords\": [\"x\"], \"regex\": \"(unclosed\"}]}");

    ConfigException e =
        assertThrows(ConfigException.class, () -> RuleSet.builtIn().withConfig(redaction));

    assertTrue(e.getMessage().contains("redaction.rules[0] (broken)"), e.getMessage());
  }

  @Test
  void builtIn_everyRuleCompilesAndHasKeywords_nonEmpty() {
    assertTrue(RuleSet.builtIn().ids().size() >= 100, RuleSet.builtIn().ids().toString());
  }

  @Test
  void redact_basicBeforeBase64OfUserAndPassword_redactedWhateverTheHeaderSyntax() {
    String credentials =
        java.util.Base64.getEncoder()
            .encodeToString(
                "deploy:Vq7#mLk29xPz".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    for (String line :
        List.of(
            "add_header Authorization \"Basic " + credentials + "\";",
            "req.setRequestHeader(\"Authorization\", \"Basic " + credentials + "\");")) {
      assertEquals(
          List.of("basic-auth-credentials"),
          redactor.redact(line).findings().stream().map(Redaction.Finding::rule).toList(),
          line);
    }
  }

  @Test
  void redact_basicBeforeWordsOrPlaceholderCredentials_unchanged() {
    String placeholder =
        java.util.Base64.getEncoder()
            .encodeToString("user:password".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    for (String line :
        List.of(
            "Basic authentication is disabled for this realm",
            "WWW-Authenticate: Basic realm=\"staging\"",
            "Authorization: Basic " + placeholder)) {
      assertFalse(redactor.redact(line).changed(), line);
    }
  }

  @Test
  void redact_encryptedOrHashedPasswords_unchanged() {
    for (String line :
        List.of(
            "spring.datasource.password=ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)",
            "\"db_password\": \"ENC[AES256_GCM,data:Tr7o=,iv:1=,tag:2=,type:str]\"",
            "password: \"$2b$12$KIXQJQz5j8h0Vb8pW0lX8eY6qJ5m1nQ0bq8yJ2ZkqYxV6cQ9oT1bW\"",
            "<password>{COQLCE6DU6GtcS5P=}</password>")) {
      assertFalse(redactor.redact(line).changed(), line);
    }
  }
}
