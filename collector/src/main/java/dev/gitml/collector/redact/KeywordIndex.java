package dev.gitml.collector.redact;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds every occurrence of a set of lower-case ASCII keywords in one pass over a text, ignoring
 * ASCII case: an Aho–Corasick automaton (Aho and Corasick, "Efficient string matching", CACM 1975)
 * compiled into a full transition table, so each character costs one array read. Text without any
 * keyword, most of what gitml stores, costs this pass and nothing more.
 */
final class KeywordIndex {
  private static final int ALPHABET = 128;
  private static final int[] NONE = new int[0];

  private final String[] keywords;

  /**
   * {@code next[state * ALPHABET + c]}: the state after reading {@code c}, itself multiplied by
   * {@link #ALPHABET} so the scan loop does no multiplication, and negated when that state emits
   * keywords, so the loop tests one sign instead of reading another array. An upper-case letter's
   * column is its lower-case letter's, so the loop does no case folding either.
   */
  private final int[] next;

  /** Per state, the keywords (indices) that end there, suffixes included. */
  private final int[][] emits;

  /** Receives each keyword occurrence, in order of its end. */
  interface Hits {
    /** Keyword {@code keyword} occurs at {@code [start, start + length)}. */
    void hit(int keyword, int start);
  }

  KeywordIndex(List<String> keywords) {
    this.keywords = keywords.toArray(String[]::new);
    List<int[]> gotoTable = new ArrayList<>();
    List<List<Integer>> out = new ArrayList<>();
    gotoTable.add(newRow());
    out.add(new ArrayList<>());
    for (int k = 0; k < this.keywords.length; k++) {
      int state = 0;
      for (char c : this.keywords[k].toCharArray()) {
        if (c >= ALPHABET || Character.isUpperCase(c)) {
          throw new IllegalArgumentException("keyword not lower-case ASCII: " + this.keywords[k]);
        }
        if (gotoTable.get(state)[c] < 0) {
          gotoTable.get(state)[c] = gotoTable.size();
          gotoTable.add(newRow());
          out.add(new ArrayList<>());
        }
        state = gotoTable.get(state)[c];
      }
      out.get(state).add(k);
    }
    int states = gotoTable.size();
    next = new int[states * ALPHABET];
    int[] fail = new int[states];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < ALPHABET; c++) {
      int s = gotoTable.get(0)[c];
      next[c] = Math.max(s, 0);
      if (s > 0) {
        queue.add(s);
      }
    }
    while (!queue.isEmpty()) {
      int r = queue.poll();
      out.get(r).addAll(out.get(fail[r]));
      for (int c = 0; c < ALPHABET; c++) {
        int s = gotoTable.get(r)[c];
        if (s > 0) {
          fail[s] = next[fail[r] * ALPHABET + c];
          next[r * ALPHABET + c] = s;
          queue.add(s);
        } else {
          next[r * ALPHABET + c] = next[fail[r] * ALPHABET + c];
        }
      }
    }
    emits = new int[states][];
    for (int s = 0; s < states; s++) {
      emits[s] =
          out.get(s).isEmpty()
              ? NONE
              : out.get(s).stream().distinct().mapToInt(Integer::intValue).toArray();
    }
    for (int i = 0; i < next.length; i++) {
      int target = next[i];
      next[i] = emits[target].length > 0 ? -target * ALPHABET : target * ALPHABET;
    }
    for (int s = 0; s < states; s++) {
      for (int c = 'A'; c <= 'Z'; c++) {
        next[s * ALPHABET + c] = next[s * ALPHABET + Character.toLowerCase(c)];
      }
    }
  }

  String keyword(int k) {
    return keywords[k];
  }

  /** Reports every keyword occurrence in {@code text}; non-ASCII characters match nothing. */
  void scan(String text, Hits hits) {
    scan(text.toCharArray(), hits);
  }

  /**
   * As {@link #scan(String, Hits)}, over the text's characters: an array read costs a fraction of
   * {@code String.charAt} (a call, a coder test and a bounds check) when the launcher's C1 compiler
   * runs this loop, and it is the loop every stored character passes through.
   */
  void scan(char[] text, Hits hits) {
    int[] next = this.next;
    int state = 0; // times ALPHABET
    for (int i = 0; i < text.length; i++) {
      char c = text[i];
      if (c >= ALPHABET) {
        state = 0;
        continue;
      }
      state = next[state + c];
      if (state < 0) {
        state = -state;
        for (int k : emits[state / ALPHABET]) {
          hits.hit(k, i + 1 - keywords[k].length());
        }
      }
    }
  }

  /** Whether any keyword occurs in {@code text}; the scan stops at the first. */
  boolean occursIn(String text) {
    int[] next = this.next;
    int state = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c >= ALPHABET) {
        state = 0;
        continue;
      }
      state = next[state + c];
      if (state < 0) {
        return true;
      }
    }
    return false;
  }

  private static int[] newRow() {
    int[] row = new int[ALPHABET];
    Arrays.fill(row, -1);
    return row;
  }
}
