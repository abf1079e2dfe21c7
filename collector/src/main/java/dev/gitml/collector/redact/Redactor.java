package dev.gitml.collector.redact;

import dev.gitml.storage.config.Config;
import dev.gitml.storage.config.ConfigException;

/**
 * Removes secrets from text before it is stored (docs/records.md, redaction). Every text field of
 * every record passes through one of these: commit messages, diff hunks, prompts, responses, tool
 * input and output. Implementations are thread-safe and idempotent: redacting a redacted text
 * changes nothing.
 */
public interface Redactor {

  /** The text with each secret replaced by {@code [REDACTED:<rule-id>]}, and what was removed. */
  Redaction redact(String text);

  /** Shorthand for {@code redact(text).text()}. */
  default String clean(String text) {
    return redact(text).text();
  }

  /** The built-in rules and allowlists. */
  static Redactor standard() {
    return RuleSet.builtIn().redactor();
  }

  /** The built-in rules with a repository's own ({@code redaction} in config.json). */
  static Redactor configured(Config config) throws ConfigException {
    return RuleSet.builtIn().withConfig(config.redaction()).redactor();
  }
}
