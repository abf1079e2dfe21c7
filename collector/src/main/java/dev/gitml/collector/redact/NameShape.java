package dev.gitml.collector.redact;

import com.google.re2j.Pattern;

/**
 * Whether a value reads as a name made of words ({@code AcceleratorKey}, {@code new_subKey}, {@code
 * lambda:createdBy}, {@code Access-Control-Allow-Credentials}) or as random characters. Names in
 * code are assigned to key-like variables all the time; secrets are random.
 *
 * <p>Three signs, measured on the runs of letters (a "hump": {@code Key}, {@code subnet}, {@code
 * SHA}): names have long humps, about a third vowels, and rarely four consonants in a row. A random
 * 32-character token has humps of two letters on average, about a fifth vowels (y counted), and
 * several long consonant runs; one in three hundred passes for a name.
 */
final class NameShape {
  private static final Pattern SEPARATORS = Pattern.compile("[-_.:/ *$]+");

  private NameShape() {}

  /**
   * Every part between separators is digits, a short word, an acronym or constant (aws, Id,
   * CRYPTO), or name-like, and some part is a name of five letters or more.
   */
  static boolean wordy(String v) {
    return words(v, true);
  }

  /**
   * Every part between separators is digits, a short word, an acronym or name-like, with no long
   * name needed: what a sentence says of a secret ({@code HMAC-SHA256}, {@code base64url-encoded},
   * {@code 64-char}, {@code ISO-8601}) rather than the secret.
   */
  static boolean madeOfWords(String v) {
    return words(v, false);
  }

  private static boolean words(String v, boolean needName) {
    boolean named = !needName;
    for (String part : SEPARATORS.split(v)) {
      long letters = part.chars().filter(Character::isLetter).count();
      boolean alnum = part.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c));
      if (alnum && (letters <= 4 || part.chars().noneMatch(Character::isLowerCase))) {
        continue; // aws, Id, PKCS8, CRYPTO: short words, acronyms and constants
      }
      if (!nameLike(part)) {
        return false;
      }
      named |= letters >= 5;
    }
    return named;
  }

  /** One run of letters and digits, judged by its humps. */
  static boolean nameLike(String part) {
    int letters = 0;
    int humps = 0;
    int wordLetters = 0; // letters of humps with lower case (acronyms aside)
    int vowels = 0;
    int maxConsonants = 0;
    int i = 0;
    int n = part.length();
    while (i < n) {
      char c = part.charAt(i);
      if (c >= '0' && c <= '9') {
        i++;
        continue;
      }
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
        return false;
      }
      int start = i;
      while (i < n && isUpper(part.charAt(i))) {
        i++;
      }
      if (i < n && isLower(part.charAt(i))) {
        if (i - start > 1) {
          i--; // ABCWord: the acronym ends before the capital of the word
          humps++;
          letters += i - start;
          start = i++;
        }
        while (i < n && isLower(part.charAt(i))) {
          i++;
        }
        int consonants = 0;
        for (int k = start; k < i; k++) {
          if (vowel(part.charAt(k))) {
            vowels++;
            consonants = 0;
          } else {
            maxConsonants = Math.max(maxConsonants, ++consonants);
          }
        }
        wordLetters += i - start;
      }
      humps++;
      letters += i - start;
    }
    if (humps == 0) {
      return false;
    }
    double mean = (double) letters / humps;
    double vowelShare = wordLetters == 0 ? 0 : (double) vowels / wordLetters;
    // Thresholds tuned on 37 names from the JDK and Python sources (all pass) against random
    // base-62 strings: 1.9 % of 16-character ones pass, 0.3 % of 32-character ones.
    return mean >= 4 && vowelShare >= 0.25 && maxConsonants <= 4
        || mean >= 3 && vowelShare >= 0.3 && maxConsonants <= 3;
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean vowel(char c) {
    return "aeiouyAEIOUY".indexOf(c) >= 0;
  }
}
