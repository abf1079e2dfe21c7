package dev.gitml.collector.redact;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * One detection rule, as written in {@code rules.json} or in config.json's {@code redaction.rules}.
 *
 * @param id the name written into {@code [REDACTED:<id>]}
 * @param keywords lower-case ASCII strings, one of which must occur in a text for the regex to run
 *     there (the pre-filter)
 * @param boundary a keyword counts only where no letter or digit precedes it (token prefixes such
 *     as {@code sk} or {@code pat}, which occur inside ordinary words)
 * @param pattern found in a window of text around each keyword hit
 * @param groups which capturing groups hold the secret, first present wins; empty means every group
 *     in order
 * @param entropy the Shannon entropy (bits per character) below which a candidate is not a secret;
 *     0 for none
 * @param allow patterns that, found in a candidate, mark it as not a secret
 * @param check the plausibility check that candidates must also pass
 * @param priority where findings overlap, the lower priority wins (provider rules are 0, the
 *     generic ones higher), then the longer span
 * @param block the window is a block of up to {@link #BLOCK_WINDOW} characters rather than the line
 *     (multi-line secrets such as PEM keys)
 * @param anchor where the regex is tried: see {@link Anchor}
 * @param before for {@link Anchor#IDENTIFIER}, the characters of which one must precede the
 *     identifier ({@code <} for XML elements); empty for any
 * @param next for {@link Anchor#IDENTIFIER}, the characters of which one must follow the
 *     identifier, past quotes, backslashes, a bracket and blanks ({@code :=} for assignments): a
 *     check that spares the regex most keyword hits; empty for none
 */
record Rule(
    String id,
    List<String> keywords,
    boolean boundary,
    Pattern pattern,
    List<Integer> groups,
    double entropy,
    List<Pattern> allow,
    Check check,
    int priority,
    boolean block,
    Anchor anchor,
    String before,
    String next) {

  /** Characters scanned after a block rule's keyword: a PEM RSA-8192 key is about 6,500. */
  static final int BLOCK_WINDOW = 16_384;

  Rule {
    keywords = List.copyOf(keywords);
    groups = List.copyOf(groups);
    allow = List.copyOf(allow);
    if (keywords.isEmpty()) {
      throw new IllegalArgumentException("rule " + id + " has no keywords");
    }
    for (String k : keywords) {
      if (k.isEmpty() || !k.chars().allMatch(c -> c < 128 && !Character.isUpperCase(c))) {
        throw new IllegalArgumentException(
            "rule " + id + ": keyword \"" + k + "\" must be non-empty lower-case ASCII");
      }
    }
  }

  /**
   * Where a rule's regex is tried around a keyword. Anchored matching reads only as far as the
   * candidate goes, so a keyword that occurs thousands of times (token, secret, ://) costs a few
   * characters each; a window is searched whole.
   */
  enum Anchor {
    /** The line (or block) around the keyword is searched for a match anywhere in it. */
    WINDOW,
    /** A match must begin where the keyword begins (token prefixes: ghp_, AKIA, sk-ant-). */
    KEYWORD,
    /**
     * A match must begin where the identifier containing the keyword begins: the run of letters,
     * digits, {@code _ . -} around it ({@code DB_PASSWORD}, {@code config.api_key}).
     */
    IDENTIFIER
  }

  /** How a candidate secret is judged after its regex matched. */
  enum Check {
    /** Only the rule's entropy floor and allowlists. */
    NONE,
    /** A password assigned to a name: not code, not a placeholder, not prose. */
    ASSIGNMENT,
    /**
     * A password passed as an argument ({@code setPassword("…")}): as {@link #ASSIGNMENT}, and not
     * a plain word, which there is mostly a label or a translation.
     */
    ARGUMENT,
    /** A high-entropy value assigned to a key-like name, or sent in a header. */
    GENERIC,
    /** A password given on a command line or in a URL. */
    PASSWORD,
    /**
     * A secret named in a sentence ("the db password is …", "with secret …"): the name and what
     * joins it to the value decide how the value is judged; see {@link Plausibility}.
     */
    PROSE,
    /** Base64 after "Basic": it must decode to printable {@code user:password}. */
    BASIC_AUTH
  }
}
