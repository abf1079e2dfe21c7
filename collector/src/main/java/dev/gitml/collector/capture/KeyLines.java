package dev.gitml.collector.capture;

import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import org.eclipse.jgit.diff.RawText;

/**
 * The lines of one side of a file that hold a private key: from a {@code -----BEGIN … PRIVATE
 * KEY-----} line (PKCS#1, PKCS#8, SEC 1, OpenSSH, encrypted, PGP armour: RFC 7468 and RFC 4880
 * §6.2) through its END line, or, for a key cut short, through its last body line. Found in the
 * whole file because a hunk may show only part of a key: a rotated key's BEGIN and END lines are
 * unchanged context and its base64 lines are the edit, which no rule recognises alone.
 *
 * <p>A BEGIN line counts only when base64 follows it (one run of 32 characters, as the {@code
 * private-key} rule asks): code that names the markers ({@code line.startsWith("-----BEGIN RSA
 * PRIVATE KEY-----")}) is not a key.
 */
final class KeyLines {
  static final KeyLines NONE = new KeyLines(new BitSet());

  private static final byte[] NEEDLE = "PRIVATE KEY".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern BEGIN =
      Pattern.compile("-----BEGIN[A-Z0-9 ]{0,20}PRIVATE KEY(?: BLOCK)?-----");
  private static final Pattern END =
      Pattern.compile("-----END[A-Z0-9 ]{0,20}PRIVATE KEY(?: BLOCK)?-----");

  /**
   * A line of a key's body: base64, an RFC 1421 header ({@code Proc-Type: 4,ENCRYPTED}, {@code
   * DEK-Info}) or armour header ({@code Version:}), or blank; perhaps quoted, indented and escaped
   * as code and YAML hold a key ({@code "MIIE…\n" +}).
   */
  private static final Pattern BODY =
      Pattern.compile(
          "^[\\s\"'+,;|]*(?:[A-Za-z0-9+/=]*|[A-Za-z][A-Za-z-]*: [^\"'`]*)(?:\\\\n)?[\\s\"'+,;\\\\]*$");

  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=]{32}");

  private final BitSet lines;

  private KeyLines(BitSet lines) {
    this.lines = lines;
  }

  /** The key lines of {@code text}; {@link #NONE} at the cost of one byte search without a key. */
  static KeyLines of(RawText text) {
    if (!contains(text.getRawContent(), NEEDLE)) {
      return NONE;
    }
    BitSet in = new BitSet();
    for (int i = 0; i < text.size(); i++) {
      if (!BEGIN.matcher(text.getString(i)).find()) {
        continue;
      }
      int last = i;
      boolean base64 = false;
      for (int j = i + 1; j < text.size(); j++) {
        String line = text.getString(j);
        if (END.matcher(line).find()) {
          last = j;
          break;
        }
        if (!BODY.matcher(line).matches()) {
          break; // a key cut short: it ends with its last body line
        }
        base64 |= BASE64.matcher(line).find();
        last = j;
      }
      if (base64) {
        in.set(i, last + 1);
        i = last;
      }
    }
    return in.isEmpty() ? NONE : new KeyLines(in);
  }

  /** Whether line {@code i} (0-based) is part of a key. */
  boolean has(int i) {
    return lines.get(i);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
