package dev.gitml.collector.redact;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * Candidates that look like secrets but are not, whatever rule found them: text already redacted,
 * template placeholders ({@code ${VAR}}, {@code {{ x }}}, {@code <your-key>}), documentation
 * fill-ins ({@code xxxx}, {@code changeme}, AWS's {@code …EXAMPLE} keys), plus the user's own
 * patterns from config.json.
 */
final class Allowlist {
  /**
   * Placeholders as they appear in docs, READMEs, CI files and templates. Each was a false positive
   * in the labelled corpus or is on gitleaks' global allowlist.
   */
  static final Pattern PLACEHOLDER =
      Pattern.compile(
          "(?i)redacted|xxxx|^x{3}$|\\*\\*\\*|•••|…|\\.\\.\\.|example|changeme|change[_-]me|replace[_-]?me"
              + "|placeholder|dummy|^your|[_-]your[_-]|insert[_-]|not[_-]?a?[_-]?real|^todo$|^tbd$"
              + "|(?-i:0{10}|12345678|abcdefghij|ABCDEFGHIJ)|abc-?123"
              + "|^\\$\\{|^\\$\\(|^\\$[A-Za-z_]|\\{\\{|\\}\\}|^%\\(|^%[sd]$|^<[^>]*>?$|^\\[[^\\]]*\\]$"
              + "|^#\\{|^\\{[\\w.]*\\}$|changeit");

  /**
   * Values that are a secret encrypted or hashed, or a reference to one kept in a secret store:
   * Jasypt {@code ENC(…)}, SOPS {@code ENC[AES256_GCM,…]}, Maven's {@code {…=}}, Spring Cloud
   * Config's {@code {cipher}}, sealed-secrets ciphertext ({@code AgA…}, hundreds of characters),
   * crypt(3) and bcrypt/argon2 hashes, digests ({@code sha256:…}), and vault, 1Password, AWS/GCP
   * secret-manager references. Each was a false positive on a labelled corpus of real files.
   */
  static final Pattern PROTECTED =
      Pattern.compile(
          "^ENC[(\\[]|^\\{[A-Za-z0-9+/]{16,}={0,2}\\}$|^\\{cipher\\}|^Ag[A-D][A-Za-z0-9+/]{150,}"
              + "|^\\$(?:2[abxy]?|5|6|argon2(?:id|i|d)|scrypt|pbkdf2[\\w-]*)\\$"
              + "|^(?:sha(?:1|224|256|384|512)|md5|blake2b?|sha3-\\d+)[:=-][0-9A-Fa-f]{32,}$"
              + "|^(?:vault|op|sm|ssm|awssm|gcpsm|azkv|keyvault|secretsmanager|ref\\+[a-z]+):");

  /**
   * For each alternative of {@link #PLACEHOLDER}, a string that every ASCII text it matches
   * contains, ignoring ASCII case: an ASCII candidate with none of them cannot match, and is spared
   * that regex, whose unanchored, case-folded alternation costs tens of microseconds per candidate.
   * (A non-ASCII candidate always runs it: {@code •••}, {@code …}, and case folding beyond ASCII, K
   * for k, ſ for s.) Keep in step with {@link #PLACEHOLDER}.
   */
  private static final KeywordIndex PLACEHOLDER_HINTS =
      new KeywordIndex(
          List.of(
              "redacted",
              "xxx",
              "***",
              "...",
              "example",
              "change",
              "replace",
              "placeholder",
              "dummy",
              "your",
              "insert",
              "real",
              "todo",
              "tbd",
              "0000000000",
              "12345678",
              "abc",
              "$",
              "{",
              "}",
              "%",
              "<",
              "["));

  /** Every alternative of {@link #PROTECTED} begins with {@code ^} and one of these. */
  private static final String PROTECTED_FIRST = "E{A$smbvoagkr";

  private final List<Pattern> extra;

  Allowlist(List<Pattern> extra) {
    this.extra = List.copyOf(extra);
  }

  /** True when {@code candidate} is not a secret, whatever its rule says. */
  boolean allows(String candidate) {
    if (mayBePlaceholder(candidate) && PLACEHOLDER.matcher(candidate).find()
        || !candidate.isEmpty()
            && PROTECTED_FIRST.indexOf(candidate.charAt(0)) >= 0
            && PROTECTED.matcher(candidate).find()) {
      return true;
    }
    for (Pattern p : extra) {
      if (p.matcher(candidate).find()) {
        return true;
      }
    }
    return false;
  }

  private static boolean mayBePlaceholder(String candidate) {
    for (int i = 0; i < candidate.length(); i++) {
      if (candidate.charAt(i) >= 128) {
        return true;
      }
    }
    return PLACEHOLDER_HINTS.occursIn(candidate);
  }
}
