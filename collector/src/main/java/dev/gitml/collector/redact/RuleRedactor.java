package dev.gitml.collector.redact;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The redactor: one keyword pass over the text (Aho–Corasick); for each rule whose keyword occurs,
 * its regex runs on the line around each occurrence (a bounded block for multi-line rules);
 * candidates pass the rule's allowlist, the global {@link Allowlist} and the rule's {@link
 * Plausibility} check; overlapping findings are settled by priority, then length.
 *
 * <p>Time is linear in the text: the keyword pass reads each character once, windows are bounded
 * and merged so no character is matched twice by one rule, and RE2/J matches in linear time (no
 * backtracking, so no catastrophic inputs).
 */
final class RuleRedactor implements Redactor {
  /** How far a line window reaches before and after a keyword when the line is long. */
  private static final int LINE_BEFORE = 512;

  private static final int LINE_AFTER = 1024;
  private static final int BLOCK_BEFORE = 64;

  /** How far an anchored match may run: the longest tokens (AWS session tokens) are ~1,000. */
  private static final int ANCHORED_REACH = 4096;

  /** How far back an identifier is followed: longer names are not keys. */
  private static final int IDENTIFIER_REACH = 128;

  private final Rule[] rules;
  private final Allowlist allowlist;
  private final KeywordIndex keywords;

  /** For each keyword of {@link #keywords}, the rules (indices) that it triggers. */
  private final int[][] rulesOfKeyword;

  RuleRedactor(List<Rule> rules, Allowlist allowlist) {
    this.rules = rules.toArray(Rule[]::new);
    this.allowlist = allowlist;
    Map<String, List<Integer>> byKeyword = new TreeMap<>();
    for (int r = 0; r < this.rules.length; r++) {
      for (String k : this.rules[r].keywords()) {
        List<Integer> list = byKeyword.computeIfAbsent(k, x -> new ArrayList<>());
        if (!list.contains(r)) {
          list.add(r);
        }
      }
    }
    this.keywords = new KeywordIndex(new ArrayList<>(byKeyword.keySet()));
    this.rulesOfKeyword =
        byKeyword.values().stream()
            .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
            .toArray(int[][]::new);
  }

  @Override
  public Redaction redact(String text) {
    return redact(text, text == null ? null : text.toCharArray());
  }

  /** As {@link #redact(String)}, given {@code text}'s characters, which a JSON parser has. */
  Redaction redact(String text, char[] chars) {
    if (text == null || text.isEmpty()) {
      return new Redaction(text == null ? "" : text, List.of());
    }
    Pass pass = new Pass(text);
    keywords.scan(chars, pass);
    if (pass.touched == 0) {
      return new Redaction(text, List.of()); // no keyword: the common case, nothing allocated
    }
    List<Candidate> candidates = new ArrayList<>();
    Markers markers = new Markers(text);
    for (int i = 0; i < pass.touched; i++) {
      int r = pass.order[i];
      if (pass.windows[r] != null) {
        search(rules[r], text, pass.windows[r], markers, candidates);
      } else {
        matchAt(rules[r], text, pass.anchors[r], markers, candidates);
      }
    }
    if (candidates.isEmpty()) {
      return new Redaction(text, List.of());
    }
    return apply(text, settle(candidates));
  }

  /** One text's keyword hits, turned into windows and anchors per rule as they come. */
  private final class Pass implements KeywordIndex.Hits {
    private final String text;
    Windows[] windows;
    Anchors[] anchors;

    /** The rules hit so far, in the order first hit, and how many. */
    int[] order;

    int touched;

    Pass(String text) {
      this.text = text;
    }

    @Override
    public void hit(int k, int start) {
      String keyword = keywords.keyword(k);
      boolean wordStart = Character.isLetterOrDigit(keyword.charAt(0));
      for (int r : rulesOfKeyword[k]) {
        Rule rule = rules[r];
        if (rule.boundary() && wordStart && !atWordStart(text, start)) {
          continue;
        }
        switch (rule.anchor()) {
          case KEYWORD -> anchors(r).add(start);
          case IDENTIFIER -> {
            int from = identifierStart(text, start);
            if (scoped(text, from)) {
              continue; // AWS::KMS::ReplicaKey, alias/aws/secretsmanager: part of a longer name
            }
            if ((rule.before().isEmpty()
                    || from > 0 && rule.before().indexOf(text.charAt(from - 1)) >= 0)
                && (rule.next().isEmpty()
                    || rule.next().indexOf(charAfterIdentifier(text, start)) >= 0)) {
              anchors(r).add(from);
            }
          }
          case WINDOW -> {
            Windows w = windows(r);
            if (rule.block()) {
              w.add(
                  Math.max(0, start - BLOCK_BEFORE),
                  Math.min(text.length(), start + Rule.BLOCK_WINDOW));
            } else {
              w.addLine(text, start, start + keyword.length());
            }
          }
        }
      }
    }

    private Anchors anchors(int r) {
      touch(r);
      if (anchors[r] == null) {
        anchors[r] = new Anchors();
      }
      return anchors[r];
    }

    private Windows windows(int r) {
      touch(r);
      if (windows[r] == null) {
        windows[r] = new Windows();
      }
      return windows[r];
    }

    private void touch(int r) {
      if (order == null) {
        windows = new Windows[rules.length];
        anchors = new Anchors[rules.length];
        order = new int[rules.length];
      }
      if (windows[r] == null && anchors[r] == null) {
        order[touched++] = r;
      }
    }
  }

  /** Searches each window for matches anywhere in it. */
  private void search(
      Rule rule, String text, Windows windows, Markers markers, List<Candidate> out) {
    for (int w = 0; w < windows.count; w++) {
      int from = windows.starts[w];
      Matcher m = rule.pattern().matcher(text.substring(from, windows.ends[w]));
      while (m.find()) {
        consider(rule, text, from, m, markers, out);
      }
    }
  }

  /** Tries a match beginning exactly at each anchor. */
  private void matchAt(
      Rule rule, String text, Anchors anchors, Markers markers, List<Candidate> out) {
    int reach = rule.block() ? Rule.BLOCK_WINDOW : ANCHORED_REACH;
    Matcher m = null;
    for (int i = 0; i < anchors.count; i++) {
      int from = anchors.at[i];
      CharSequence slice = new Slice(text, from, Math.min(text.length(), from + reach));
      m = m == null ? rule.pattern().matcher(slice) : m.reset(slice);
      if (m.lookingAt()) {
        consider(rule, text, from, m, markers, out);
      }
    }
  }

  /** Judges one regex match, whose offsets are relative to {@code from}. */
  private void consider(
      Rule rule, String text, int from, Matcher m, Markers markers, List<Candidate> out) {
    int g = secretGroup(rule, m);
    int start = from + m.start(g);
    int end = from + m.end(g);
    if (end <= start || markers.overlaps(start, end)) {
      return;
    }
    boolean quoted = start > 0 && "\"'`>".indexOf(text.charAt(start - 1)) >= 0;
    if (quoted && mismatchedQuotes(text, start, end)) {
      return; // 'pass': 'The "pass" statement': the value ran from one string into another
    }
    String secret = text.substring(start, end);
    // Both tests must pass and neither has effects, so the cheaper and more selective one goes
    // first: in code, most matches are names and calls that the plausibility check turns down,
    // and the allowlists' unanchored alternations cost more per character than it does.
    if (Plausibility.accepts(
            rule.check(), keyOf(rule, m), secret, quoted, following(text, end), rule.entropy())
        && !allowed(rule, secret)) {
      out.add(new Candidate(rule, start, end));
    }
  }

  /** Whether a quoted value opens with one kind of quote and closes with another. */
  private static boolean mismatchedQuotes(String text, int start, int end) {
    char open = text.charAt(start - 1);
    int i = end;
    while (i < text.length() && text.charAt(i) == '\\') {
      i++;
    }
    if (open == '>' || i >= text.length()) {
      return false;
    }
    char close = text.charAt(i);
    return "\"'`".indexOf(close) >= 0 && close != open;
  }

  /** Where the run of identifier characters ({@code [A-Za-z0-9_.-]}) around {@code i} begins. */
  private static int identifierStart(String text, int i) {
    int limit = Math.max(0, i - IDENTIFIER_REACH);
    while (i > limit && identifierChar(text.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  /**
   * The first character after the identifier around {@code i} and what may stand between a name and
   * its assignment ({@code \\ " ' ] } and blanks); 0 at the end of the text.
   */
  private static char charAfterIdentifier(String text, int i) {
    int n = text.length();
    int limit = Math.min(n, i + IDENTIFIER_REACH);
    while (i < limit && identifierChar(text.charAt(i))) {
      i++;
    }
    for (int skipped = 0;
        i < n && skipped < 8 && "\\\"'] \t".indexOf(text.charAt(i)) >= 0;
        skipped++) {
      i++;
    }
    return i < n ? text.charAt(i) : 0;
  }

  /** Whether the identifier at {@code i} ends a longer name: after {@code ::} or a path's /. */
  private static boolean scoped(String text, int i) {
    return i >= 1 && text.charAt(i - 1) == '/'
        || i >= 2 && text.charAt(i - 1) == ':' && text.charAt(i - 2) == ':';
  }

  private static boolean identifierChar(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-');
  }

  private boolean allowed(Rule rule, String secret) {
    for (Pattern p : rule.allow()) {
      if (p.matcher(secret).find()) {
        return true;
      }
    }
    return allowlist.allows(secret);
  }

  /** The group holding the secret: the first of the rule's groups that took part. */
  private static int secretGroup(Rule rule, Matcher m) {
    if (rule.groups().isEmpty()) {
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.start(g) >= 0) {
          return g;
        }
      }
      return 0;
    }
    for (int g : rule.groups()) {
      if (m.start(g) >= 0) {
        return g;
      }
    }
    return 0;
  }

  /**
   * The name the secret was assigned to: in rules that list their secret groups, the first other
   * group that took part (assignment rules capture the key); otherwise "".
   */
  private static String keyOf(Rule rule, Matcher m) {
    if (rule.groups().isEmpty()) {
      return "";
    }
    for (int g = 1; g <= m.groupCount(); g++) {
      if (!rule.groups().contains(g) && m.start(g) >= 0) {
        return m.group(g);
      }
    }
    return "";
  }

  /** Keeps the best of overlapping candidates: lower priority first, then the longer. */
  private static List<Candidate> settle(List<Candidate> candidates) {
    candidates.sort(
        Comparator.comparingInt((Candidate c) -> c.rule.priority())
            .thenComparingInt(c -> c.start - c.end)
            .thenComparingInt(c -> c.start));
    TreeMap<Integer, Candidate> kept = new TreeMap<>();
    for (Candidate c : candidates) {
      Map.Entry<Integer, Candidate> before = kept.floorEntry(c.end - 1);
      if (before == null || before.getValue().end <= c.start) {
        kept.put(c.start, c);
      }
    }
    return new ArrayList<>(kept.values());
  }

  private static Redaction apply(String text, List<Candidate> kept) {
    StringBuilder out = new StringBuilder(text.length());
    List<Redaction.Finding> findings = new ArrayList<>(kept.size());
    int at = 0;
    for (Candidate c : kept) {
      out.append(text, at, c.start).append(Redaction.marker(c.rule.id()));
      findings.add(new Redaction.Finding(c.rule.id(), c.start, c.end));
      at = c.end;
    }
    out.append(text, at, text.length());
    return new Redaction(out.toString(), findings);
  }

  /** No letter or digit before {@code i}; an escaped {@code \n} or {@code \t} counts as space. */
  private static boolean atWordStart(String text, int i) {
    if (i == 0) {
      return true;
    }
    char c = text.charAt(i - 1);
    if (c < 128 && !Character.isLetterOrDigit(c)) {
      return true;
    }
    return (c == 'n' || c == 'r' || c == 't') && i >= 2 && text.charAt(i - 2) == '\\';
  }

  /** The first character at or after {@code i} past blanks; a newline at a line's end. */
  private static char following(String text, int i) {
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i == text.length() || lineBreakAt(text, i) ? '\n' : text.charAt(i);
  }

  /** A line ends at a newline, or at an escaped one as JSON writes it. */
  private static boolean lineBreakAt(String text, int i) {
    char c = text.charAt(i);
    if (c == '\n' || c == '\r') {
      return true;
    }
    return c == '\\'
        && i + 1 < text.length()
        && (text.charAt(i + 1) == 'n' || text.charAt(i + 1) == 'r');
  }

  private record Candidate(Rule rule, int start, int end) {}

  /** One rule's anchor positions, in text order, without repeats in a row. */
  private static final class Anchors {
    int[] at = new int[8];
    int count;

    void add(int position) {
      if (count > 0 && at[count - 1] == position) {
        return;
      }
      if (count == at.length) {
        at = Arrays.copyOf(at, count * 2);
      }
      at[count++] = position;
    }
  }

  /** A view of part of a string, so an anchored match copies nothing. */
  private record Slice(String text, int from, int to) implements CharSequence {
    @Override
    public int length() {
      return to - from;
    }

    @Override
    public char charAt(int index) {
      return text.charAt(from + index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.substring(from + start, from + end);
    }

    @Override
    public String toString() {
      return text.substring(from, to);
    }
  }

  /**
   * The {@code [REDACTED:…]} markers already in a text. Nothing inside or across one is a secret:
   * that keeps a second pass from finding {@code stripe-key]} after {@code -u [REDACTED:}. Found
   * when the first match asks, since most texts with a keyword have no match at all.
   */
  private static final class Markers {
    private static final String OPEN = "[REDACTED:";
    private final String text;
    private TreeMap<Integer, Integer> spans;

    Markers(String text) {
      this.text = text;
    }

    boolean overlaps(int start, int end) {
      if (spans == null) {
        spans = new TreeMap<>();
        for (int i = text.indexOf(OPEN); i >= 0; i = text.indexOf(OPEN, i + 1)) {
          int close = text.indexOf(']', i);
          spans.put(i, close < 0 ? text.length() : close + 1);
        }
      }
      Map.Entry<Integer, Integer> before = spans.floorEntry(end - 1);
      return before != null && before.getValue() > start;
    }
  }

  /**
   * One rule's windows, merged as they arrive (keyword hits come in text order), so the rule's
   * regex reads each character at most once.
   */
  private static final class Windows {
    int[] starts = new int[4];
    int[] ends = new int[4];
    int count;

    void add(int start, int end) {
      if (count > 0 && start <= ends[count - 1]) {
        ends[count - 1] = Math.max(ends[count - 1], end);
        return;
      }
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
        ends = Arrays.copyOf(ends, count * 2);
      }
      starts[count] = start;
      ends[count] = end;
      count++;
    }

    /** The line around {@code [hitStart, hitEnd)}, bounded, scanning no character twice. */
    void addLine(String text, int hitStart, int hitEnd) {
      int lastEnd = count > 0 ? ends[count - 1] : 0;
      int start = hitStart;
      if (count == 0 || hitStart >= lastEnd) {
        int limit = Math.max(Math.max(0, hitStart - LINE_BEFORE), lastEnd);
        while (start > limit && !lineBreakBefore(text, start)) {
          start--;
        }
      }
      int end = Math.max(hitEnd, lastEnd);
      int limit = Math.min(text.length(), hitEnd + LINE_AFTER);
      while (end < limit && !lineBreakAt(text, end)) {
        end++;
      }
      add(start, Math.max(end, hitEnd));
    }

    private static boolean lineBreakBefore(String text, int i) {
      char c = text.charAt(i - 1);
      if (c == '\n' || c == '\r') {
        return true;
      }
      return (c == 'n' || c == 'r') && i >= 2 && text.charAt(i - 2) == '\\';
    }
  }
}
