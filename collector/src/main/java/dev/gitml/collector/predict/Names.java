package dev.gitml.collector.predict;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a file's name says: a word of the task ({@code Base64} names {@code Base64.java} and {@code
 * TestBase64.java}), the test of a seed or the class it tests, a seed's neighbours in its
 * directory, and names mostly made of a seed's words.
 */
final class Names {
  /** A test's name or the task's word matched through a test affix counts this much. */
  private static final double CORE_MATCH = 0.7;

  /** A file beside a seed counts this much, a file named like it 1. */
  private static final double SAME_DIR = 0.2;

  /** The least share of words in common for two names to be alike. */
  private static final double ALIKE = 0.5;

  private static final String[] TEST_AFFIXES = {"tests", "test", "spec", "_test", "-test", "it"};

  private final Set<String> files;
  private final Moves moves;
  private final Map<String, Set<String>> nameWords = new HashMap<>();

  /** Over {@code files} (a live view of the files learned), without the old names of moves. */
  Names(Set<String> files, Moves moves) {
    this.files = files;
    this.moves = moves;
  }

  /** Files whose name (without extension, and without a Test/Spec affix) is a word of the task. */
  Map<String, Double> stemMatch(String text) {
    Map<String, Double> out = new HashMap<>();
    Set<String> words = new HashSet<>();
    for (String w : text.split("[^\\p{L}\\p{N}_]+")) {
      if (w.length() >= 3) {
        words.add(w.toLowerCase(Locale.ROOT));
      }
    }
    if (words.isEmpty()) {
      return out;
    }
    for (String f : files) {
      if (moves.isMoved(f)) {
        continue;
      }
      String stem = stem(f);
      if (words.contains(stem)) {
        out.put(f, 1.0);
      } else if (words.contains(core(stem))) {
        out.put(f, CORE_MATCH);
      }
    }
    return out;
  }

  /** Files named like a seed (its test, its implementation), then files beside it. */
  Map<String, Double> siblings(Set<String> seeds) {
    Map<String, Double> out = new HashMap<>();
    for (String s : seeds) {
      String core = core(stem(s));
      String dir = dir(s);
      for (String f : files) {
        if (f.equals(s) || moves.isMoved(f)) {
          continue;
        }
        if (!core.isEmpty() && core(stem(f)).equals(core)) {
          out.merge(f, 1.0, Double::sum);
        } else if (dir(f).equals(dir)) {
          out.merge(f, SAME_DIR, Double::sum);
        }
      }
    }
    return out;
  }

  /**
   * Files whose names are mostly made of the words of a seed's name ({@code Base64InputStream} and
   * {@code Base64OutputStream}, {@code EncoderException} and {@code DecoderException}): the share
   * of words in common, when at least half.
   */
  Map<String, Double> namedAlike(List<String> seeds) {
    Map<String, Double> out = new HashMap<>();
    for (String s : seeds) {
      Set<String> words = nameWords(s);
      if (words.isEmpty()) {
        continue;
      }
      for (String f : files) {
        if (f.equals(s) || moves.isMoved(f)) {
          continue;
        }
        Set<String> other = nameWords(f);
        int both = 0;
        for (String w : other) {
          if (words.contains(w)) {
            both++;
          }
        }
        double share = both / (double) (words.size() + other.size() - both);
        if (share >= ALIKE) {
          out.merge(f, share, Double::sum);
        }
      }
    }
    return out;
  }

  /** The words of a file's name without its extension, kept per file. */
  private Set<String> nameWords(String path) {
    return nameWords.computeIfAbsent(path, k -> new HashSet<>(Tokens.of(baseName(k))));
  }

  /** A file's name without its directory and extension. */
  static String baseName(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** A file's base name in lower case, {@code TestX} (JUnit 3 and jbang style) as {@code xtest}. */
  static String stem(String path) {
    String stem = baseName(path);
    if (stem.length() > 5 && stem.startsWith("Test") && Character.isUpperCase(stem.charAt(4))) {
      stem = stem.substring(4) + "test";
    }
    return stem.toLowerCase(Locale.ROOT);
  }

  /** A name without its test affix: {@code base64test} → {@code base64}. */
  static String core(String stem) {
    for (String affix : TEST_AFFIXES) {
      if (stem.length() > affix.length() + 2 && stem.endsWith(affix)) {
        return stem.substring(0, stem.length() - affix.length()).replaceAll("[_.-]$", "");
      }
    }
    if (stem.startsWith("test_") || stem.startsWith("test-")) {
      return stem.substring(5);
    }
    return stem;
  }

  /** A path's directory, "" at the top. */
  static String dir(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
