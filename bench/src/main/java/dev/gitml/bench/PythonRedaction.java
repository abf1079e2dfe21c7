package dev.gitml.bench;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The reference: the Python collector's 13 redaction patterns, transcribed from its {@code
 * scripts/ml_collector/config.py} (REDACTION_PATTERNS) and applied the way its {@code
 * redact_sensitive_data} applies them, one {@code re.sub} after another. Java's backtracking engine
 * stands in for Python's {@code re}; both are backtracking matchers.
 */
final class PythonRedaction {
  private record Sub(Pattern pattern, String replacement) {}

  private static final List<Sub> PATTERNS =
      List.of(
          sub(
              "(?i)(api[_-]?key|apikey|api_secret|secret[_-]?key)\\s*[=:]\\s*[\"']?[\\w\\-]{20,}[\"']?",
              "$1=<REDACTED>"),
          sub(
              "(?i)(token|bearer|authorization)\\s*[=:]\\s*[\"']?[\\w\\-\\.]{20,}[\"']?",
              "$1=<REDACTED>"),
          sub(
              "(?i)(password|passwd|pwd|secret)\\s*[=:]\\s*[\"']?[^\\s\"']{8,}[\"']?",
              "$1=<REDACTED>"),
          sub(
              "(?i)(aws[_-]?access[_-]?key[_-]?id|aws[_-]?secret[_-]?access[_-]?key)\\s*[=:]\\s*[\"']?"
                  + "[\\w\\+/]{16,}[\"']?",
              "$1=<REDACTED>"),
          sub("AKIA[0-9A-Z]{16}", "<AWS_KEY_REDACTED>"),
          sub(
              "-----BEGIN\\s+(RSA\\s+)?PRIVATE KEY-----[\\s\\S]*?-----END\\s+(RSA\\s+)?PRIVATE KEY-----",
              "<PRIVATE_KEY_REDACTED>"),
          sub(
              "-----BEGIN\\s+OPENSSH\\s+PRIVATE KEY-----[\\s\\S]*?-----END\\s+OPENSSH\\s+PRIVATE KEY-----",
              "<SSH_KEY_REDACTED>"),
          sub("(?i)(mongodb|postgresql|mysql|redis)://[^\\s\"']+", "$1://<CONNECTION_REDACTED>"),
          sub("://[^:]+:[^@]+@", "://<CREDENTIALS>@"),
          sub("ghp_[a-zA-Z0-9]{36}", "<GITHUB_TOKEN_REDACTED>"),
          sub("gho_[a-zA-Z0-9]{36}", "<GITHUB_OAUTH_REDACTED>"),
          sub("xox[baprs]-[0-9a-zA-Z\\-]+", "<SLACK_TOKEN_REDACTED>"),
          sub("eyJ[a-zA-Z0-9_-]*\\.eyJ[a-zA-Z0-9_-]*\\.[a-zA-Z0-9_-]*", "<JWT_REDACTED>"));

  private PythonRedaction() {}

  private static Sub sub(String regex, String replacement) {
    return new Sub(Pattern.compile(regex), replacement);
  }

  static String redact(String text) {
    if (text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Sub s : PATTERNS) {
      out = s.pattern().matcher(out).replaceAll(s.replacement());
    }
    return out;
  }
}
