package dev.gitml.collector.redact;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of redacting one text.
 *
 * @param text the text with every finding replaced by {@code [REDACTED:<rule>]}
 * @param findings what was replaced, in order, as offsets into the original text
 */
public record Redaction(String text, List<Finding> findings) {

  public Redaction {
    findings = List.copyOf(findings);
  }

  /** One secret: the rule that found it and its span {@code [start, end)} in the input. */
  public record Finding(String rule, int start, int end) {
    public Finding {
      if (start < 0 || end <= start) {
        throw new IllegalArgumentException("bad span [" + start + ", " + end + ") for " + rule);
      }
    }
  }

  public boolean changed() {
    return !findings.isEmpty();
  }

  /** How many secrets each rule removed, by rule id. */
  public Map<String, Integer> countsByRule() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Finding f : findings) {
      counts.merge(f.rule(), 1, Integer::sum);
    }
    return counts;
  }

  /** The replacement written in place of a secret. */
  public static String marker(String rule) {
    return "[REDACTED:" + rule + "]";
  }
}
