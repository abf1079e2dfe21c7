package dev.gitml.collector.predict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Words of commit messages, task texts and file paths, in one vocabulary: lower case, split on
 * anything that is not a letter or digit and at camelCase humps ({@code Base64Codec} → base, 64,
 * codec), common English and commit-jargon words dropped, a plural {@code s} taken off.
 */
final class Tokens {
  private static final Set<String> STOP =
      Set.of(
          "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from",
          "into", "is", "are", "be", "as", "it", "its", "this", "that", "not", "no", "use", "using",
          "when", "if", "all", "some", "more", "also", "via", "so", "do", "does", "should", "can",
          "now", "new", "add", "adds", "added", "fix", "fixes", "fixed", "update", "updates",
          "updated", "remove", "removed", "make", "change", "changes", "changed", "minor", "was",
          "were", "has", "have", "we", "i", "you", "my");

  private Tokens() {}

  static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && !Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        split(text.substring(start, i), out);
      }
    }
    return out;
  }

  /** A word split at camelCase humps and letter/digit changes. */
  private static void split(String word, List<String> out) {
    int start = 0;
    for (int i = 1; i <= word.length(); i++) {
      boolean cut = i == word.length();
      if (!cut) {
        char prev = word.charAt(i - 1);
        char c = word.charAt(i);
        cut =
            (Character.isLowerCase(prev) && Character.isUpperCase(c))
                || (Character.isDigit(prev) != Character.isDigit(c))
                || (i + 1 < word.length()
                    && Character.isUpperCase(prev)
                    && Character.isUpperCase(c)
                    && Character.isLowerCase(word.charAt(i + 1)));
      }
      if (cut) {
        add(word.substring(start, i), out);
        start = i;
      }
    }
  }

  private static void add(String part, List<String> out) {
    String t = part.toLowerCase(Locale.ROOT);
    if (t.length() < 2 && !Character.isDigit(t.charAt(0))) {
      return;
    }
    if (STOP.contains(t)) {
      return;
    }
    if (t.length() > 3 && t.endsWith("s") && !t.endsWith("ss")) {
      t = t.substring(0, t.length() - 1);
    }
    out.add(t);
  }
}
