package dev.gitml.collector.redact;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * Candidates that look like secrets but are not, whatever rule found them: text already
 * redacted, template placeholders ({@code ${VAR}}, {@code {{ x }}}, {@code <your-key>}),
 * documentation fill-ins ({@code xxxx}, {@code changeme}, AWS's {@code …EXAMPLE} keys), plus the
 * user's own patterns from config.json.
 */
final class Allowlist {
  /**
   * Placeholders as they appear in docs, READMEs, CI files and templates. Each was a false
   * positive in the labelled corpus or is on gitleaks' global allowlist.
   */
  private static final Pattern PLACEHOLDER = Pattern.compile(
      "(?i)redacted|xxxx|^x{3}$|\\*\\*\\*|•••|…|\\.\\.\\.|example|changeme|change[_-]me|replace[_-]?me"
          + "|placeholder|dummy|^your|[_-]your[_-]|insert[_-]|not[_-]?a?[_-]?real|^todo$|^tbd$"
          + "|(?-i:0{10}|12345678|abcdefghij|ABCDEFGHIJ)|abc-?123"
          + "|^\\$\\{|^\\$\\(|^\\$[A-Za-z_]|\\{\\{|\\}\\}|^%\\(|^%[sd]$|^<[^>]*>?$|^\\[[^\\]]*\\]$"
          + "|^#\\{|^\\{[\\w.]*\\}$");

  private final List<Pattern> extra;

  Allowlist(List<Pattern> extra) {
    this.extra = List.copyOf(extra);
  }

  /** True when {@code candidate} is not a secret, whatever its rule says. */
  boolean allows(String candidate) {
    if (PLACEHOLDER.matcher(candidate).find()) {
      return true;
    }
    for (Pattern p : extra) {
      if (p.matcher(candidate).find()) {
        return true;
      }
    }
    return false;
  }
}
