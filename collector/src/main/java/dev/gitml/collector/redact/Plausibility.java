package dev.gitml.collector.redact;

import com.google.re2j.Pattern;
import java.util.Locale;
import java.util.Set;

/**
 * The judgement a regex cannot make: whether a value assigned to {@code password} or
 * {@code api_key} is a secret, or code, prose, a type, a path or a reference to one kept
 * elsewhere. Each rejection below stands for a family of false positives seen in source code
 * and transcripts ({@code password=self.password}, {@code token: str}, {@code secret_name:
 * my-secret}, {@code max_tokens: 4096}).
 */
final class Plausibility {
  /** Words in a key's name that say its value is about a secret rather than the secret. */
  private static final Set<String> DESCRIPTIVE_KEY_WORDS = Set.of(
      "id", "ids", "name", "names", "type", "types", "kind", "url", "uri", "urls", "path", "file",
      "filename", "dir", "endpoint", "length", "len", "size", "count", "max", "min", "limit",
      "expires", "expiry", "expiration", "expire", "ttl", "timeout", "prefix", "suffix", "header",
      "field", "format", "version", "mode", "method", "label", "hint", "env", "var", "param",
      "public", "pub", "usage", "arn", "ref", "policy", "rule", "rules", "regex", "pattern",
      "input", "placeholder", "prompt", "reset", "forgot", "attempts", "strength", "error",
      "message", "msg", "text", "title", "validator", "validation", "cmd", "command", "provider",
      "manager", "lifetime", "age", "index", "idx", "position", "pos", "budget",
      "tokens", "tokenizer", "location", "source", "enabled", "required", "hash", "algorithm",
      "alg", "scope", "scopes", "class", "service", "helper", "handler", "callback", "display",
      "publishable", "cache", "primary", "sort", "partition", "foreign", "idempotency", "lookup",
      "map", "dict", "column", "attr", "attribute", "property", "prop");

  /** Values that are words of code or configuration, not secrets. */
  private static final Set<String> NON_SECRET_VALUES = Set.of(
      "none", "null", "nil", "true", "false", "undefined", "empty", "required", "optional",
      "string", "str", "text", "bool", "boolean", "int", "integer", "number", "secret",
      "password", "passwd", "pwd", "pass", "hidden", "masked", "unset", "unknown", "default",
      "secrets", "token", "apikey", "api_key", "nullable", "any", "object", "bytes", "char",
      "varchar", "secretstr", "str | none", "optional[str]", "self", "this", "value", "env",
      "environment", "prompt", "stdin", "ask", "auto", "random", "generated", "blank", "test");

  /** A reference to a value kept elsewhere: $VAR, @Value, settings.API_TOKEN, self.password. */
  private static final String REFERENCE_RE =
      "^[$%@&!*]|^[A-Za-z_]+[0-9]{0,2}(?:\\.[A-Za-z_]+[0-9]{0,2})+$";
  private static final Pattern REFERENCE = Pattern.compile(REFERENCE_RE);
  /** A reference, a call, an index or an operator: code, not a value. */
  private static final Pattern CODE = Pattern.compile("[()\\[\\]{}]|->|::|=>|" + REFERENCE_RE);
  private static final Pattern PATH_OR_URL = Pattern.compile(
      "^(?:/|\\./|\\.\\./|~/|[A-Za-z]:\\\\)|://|^[\\w.-]+/[\\w./-]+\\.\\w{1,5}$");
  /** Lower-case words, each perhaps numbered: user-profile-v2, my_app_secret. */
  private static final Pattern WORDS =
      Pattern.compile("^[a-z]+[0-9]*(?:[-_. ](?:[a-z]+[0-9]*|[0-9]+))*$");
  private static final Pattern CONSTANT_NAME = Pattern.compile("^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$");
  private static final Pattern CAMEL_NAME = Pattern.compile("^[a-z]+(?:[A-Z][a-z0-9]+)+$");
  private static final Pattern DIGITS = Pattern.compile("^[0-9]+$");
  private static final Pattern PROSE = Pattern.compile("[A-Za-z]{2,}[,.:;!?]?\\s+[A-Za-z]{2,}");

  private Plausibility() {}

  /**
   * Whether a candidate passes its rule's check.
   *
   * @param key the name the value was assigned to, or "" when the rule has none
   * @param quoted whether the value was written between quotes
   * @param endsLine whether nothing but the line's end follows the value
   */
  static boolean accepts(Rule.Check check, String key, String value, boolean quoted,
      boolean endsLine, double entropyFloor) {
    return switch (check) {
      case NONE -> entropy(value) >= entropyFloor;
      case ASSIGNMENT -> password(key, value, quoted, endsLine);
      case GENERIC -> generic(key, value, quoted, entropyFloor);
      case PASSWORD -> commandLinePassword(value);
    };
  }

  private static boolean password(String key, String value, boolean quoted, boolean endsLine) {
    String v = value.strip();
    if (v.length() < 3 || commonValue(v) || describesSecret(key) || CODE.matcher(v).find()
        || PATH_OR_URL.matcher(v).find() || v.equalsIgnoreCase(key)) {
      return false;
    }
    if (DIGITS.matcher(v).matches()) {
      return v.length() >= 4;
    }
    if (quoted) {
      // "Enter your password", "Invalid password: too short"; a value starting with ";" or a
      // space began at a closing quote ("Password:"; read -s PASSWORD)
      char first = value.charAt(0);
      boolean startsLikeValue = Character.isLetterOrDigit(first) || "!#%^&*-_.+~@".indexOf(first) >= 0;
      return startsLikeValue && !PROSE.matcher(v).find() && !v.endsWith(":") && !v.endsWith("?");
    }
    if (v.chars().anyMatch(c -> !Character.isLetter(c))) {
      // an identifier such as db_password or passwordField is a reference, not a value
      return !CONSTANT_NAME.matcher(v).matches() && !WORDS.matcher(v).matches()
          && !CAMEL_NAME.matcher(v).matches();
    }
    // A bare word: a secret in a .env line (DB_PASSWORD=hunter), a variable in code
    // (password = password); only the former ends a line under an upper-case name.
    boolean envStyle = !key.isEmpty() && key.equals(key.toUpperCase(Locale.ROOT));
    boolean mixedCase = !v.equals(v.toLowerCase(Locale.ROOT)) && !v.equals(v.toUpperCase(
        Locale.ROOT)) && !CAMEL_NAME.matcher(v).matches();
    return endsLine && (envStyle || mixedCase);
  }

  private static boolean generic(String key, String value, boolean quoted, double entropyFloor) {
    String v = value.strip();
    // between quotes, brackets are characters of the value (Django keys have them); bare, code
    boolean code = quoted ? REFERENCE.matcher(v).find() : CODE.matcher(v).find();
    if (v.length() < 8 || v.chars().anyMatch(Character::isWhitespace) || commonValue(v)
        || describesSecret(key) || code || PATH_OR_URL.matcher(v).find()
        || DIGITS.matcher(v).matches() || WORDS.matcher(v).matches()
        || CONSTANT_NAME.matcher(v).matches() || CAMEL_NAME.matcher(v).matches()) {
      return false;
    }
    return entropy(v) >= entropyFloor;
  }

  private static boolean commandLinePassword(String value) {
    String v = value.strip();
    return v.length() >= 3 && !commonValue(v) && !v.startsWith("$") && !v.startsWith("%")
        && !v.startsWith("{") && !v.startsWith("<") && !(DIGITS.matcher(v).matches()
            && v.length() <= 5);
  }

  private static boolean commonValue(String v) {
    return NON_SECRET_VALUES.contains(v.toLowerCase(Locale.ROOT));
  }

  /** Whether a key's name says its value is about a secret (its id, length, file…). */
  static boolean describesSecret(String key) {
    if (key.isEmpty()) {
      return false;
    }
    // words split at punctuation and at camelCase humps: apiKeyId -> api, key, id
    int start = 0;
    for (int i = 1; i <= key.length(); i++) {
      boolean end = i == key.length() || !Character.isLetterOrDigit(key.charAt(i))
          || (Character.isUpperCase(key.charAt(i)) && Character.isLowerCase(key.charAt(i - 1)));
      if (end) {
        if (i > start && DESCRIPTIVE_KEY_WORDS.contains(
            key.substring(start, i).toLowerCase(Locale.ROOT))) {
          return true;
        }
        start = i < key.length() && !Character.isLetterOrDigit(key.charAt(i)) ? i + 1 : i;
      }
    }
    return false;
  }

  /** Shannon entropy of the characters of {@code s}, in bits per character. */
  static double entropy(String s) {
    if (s.isEmpty()) {
      return 0;
    }
    java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
    s.chars().forEach(c -> counts.merge(c, 1, Integer::sum));
    double h = 0;
    for (int n : counts.values()) {
      double p = (double) n / s.length();
      h -= p * (Math.log(p) / Math.log(2));
    }
    return h;
  }
}
