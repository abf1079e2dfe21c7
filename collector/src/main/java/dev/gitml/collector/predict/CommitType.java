package dev.gitml.collector.predict;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The type a conventional-commit message declares: {@code fix(parser)!: …} is {@code fix}. */
public final class CommitType {
  private static final Pattern PREFIX = Pattern.compile("^\\s*([a-zA-Z]+)(\\([^)]*\\))?!?:");

  private CommitType() {}

  /** The declared type, lower case; empty when the message does not start with one. */
  public static Optional<String> of(String message) {
    Matcher m = PREFIX.matcher(message);
    return m.find() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
  }
}
