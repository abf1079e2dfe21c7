package dev.gitml.collector.redact;

import com.google.re2j.Pattern;
import java.util.Locale;
import java.util.Set;

/**
 * The judgement a regex cannot make: whether a value assigned to {@code password} or {@code
 * api_key} is a secret, or code, prose, a type, a path or a reference to one kept elsewhere. Each
 * rejection below stands for a family of false positives seen in source code and transcripts
 * ({@code password=self.password}, {@code token: str}, {@code secret_name: my-secret}, {@code
 * max_tokens: 4096}).
 */
final class Plausibility {
  /** Words in a key's name that say its value is about a secret rather than the secret. */
  private static final Set<String> DESCRIPTIVE_KEY_WORDS =
      Set.of(
          "id",
          "ids",
          "name",
          "names",
          "type",
          "types",
          "kind",
          "url",
          "uri",
          "urls",
          "path",
          "file",
          "filename",
          "dir",
          "endpoint",
          "length",
          "len",
          "size",
          "count",
          "max",
          "min",
          "limit",
          "expires",
          "expiry",
          "expiration",
          "expire",
          "ttl",
          "timeout",
          "prefix",
          "suffix",
          "header",
          "field",
          "format",
          "version",
          "mode",
          "method",
          "label",
          "hint",
          "env",
          "var",
          "param",
          "public",
          "pub",
          "usage",
          "arn",
          "ref",
          "policy",
          "rule",
          "rules",
          "regex",
          "pattern",
          "input",
          "placeholder",
          "prompt",
          "reset",
          "forgot",
          "attempts",
          "strength",
          "error",
          "message",
          "msg",
          "text",
          "title",
          "validator",
          "validation",
          "cmd",
          "command",
          "provider",
          "manager",
          "lifetime",
          "age",
          "index",
          "idx",
          "position",
          "pos",
          "budget",
          "tokens",
          "tokenizer",
          "location",
          "source",
          "enabled",
          "required",
          "hash",
          "algorithm",
          "alg",
          "scope",
          "scopes",
          "class",
          "service",
          "helper",
          "handler",
          "callback",
          "display",
          "publishable",
          "cache",
          "primary",
          "sort",
          "partition",
          "foreign",
          "idempotency",
          "lookup",
          "map",
          "dict",
          "column",
          "attr",
          "attribute",
          "property",
          "prop",
          "factory",
          "generator",
          "spec",
          "identifier",
          "alias",
          "last",
          "used");

  /** Values that are words of code or configuration, not secrets. */
  private static final Set<String> NON_SECRET_VALUES =
      Set.of(
          "none",
          "null",
          "nil",
          "true",
          "false",
          "undefined",
          "empty",
          "required",
          "optional",
          "string",
          "str",
          "text",
          "bool",
          "boolean",
          "int",
          "integer",
          "number",
          "secret",
          "password",
          "passwd",
          "pwd",
          "pass",
          "hidden",
          "masked",
          "unset",
          "unknown",
          "default",
          "secrets",
          "token",
          "apikey",
          "api_key",
          "nullable",
          "any",
          "object",
          "bytes",
          "char",
          "varchar",
          "secretstr",
          "str | none",
          "optional[str]",
          "self",
          "this",
          "value",
          "env",
          "environment",
          "prompt",
          "stdin",
          "ask",
          "auto",
          "random",
          "generated",
          "blank",
          "test",
          "yes",
          "no",
          "on",
          "off",
          "foo",
          "bar",
          "baz",
          "qux");

  /** A reference to a value kept elsewhere ($VAR, @Value, %(name)s), a colour or an anchor. */
  private static final Pattern SIGIL = Pattern.compile("^[$%@&!*]|^#[A-Za-z0-9_-]+$");

  /** A call, an index or an operator: code, not a value (outside quotes). */
  private static final Pattern CODE = Pattern.compile("[()\\[\\]{}]|->|::|=>");

  private static final Pattern PATH_OR_URL =
      Pattern.compile("^(?:/|\\./|\\.\\./|~/|[A-Za-z]:\\\\)|://|^[\\w.-]+/[\\w./-]+\\.\\w{1,5}$");

  /** Lower-case words, each perhaps numbered: user-profile-v2, my_app_secret. */
  private static final Pattern WORDS =
      Pattern.compile("^_*[a-z]+[0-9]*(?:[-_. :]+(?:[a-z]+[0-9]*|[0-9]+))*$");

  private static final Pattern CONSTANT_NAME =
      Pattern.compile("^_*[A-Z][A-Z0-9]*(?:_+[A-Z0-9]+)+$");

  /** A type: SecretStr, Optional, ByteString. */
  private static final Pattern TYPE_NAME = Pattern.compile("^[A-Z][a-z]+(?:[A-Z][a-z]*)*$");

  /** FOOBARSECRET, placeholder: letters of one case only. */
  private static final Pattern SINGLE_CASE_LETTERS = Pattern.compile("^(?:[A-Z]+|[a-z]+)$");

  /** A path of lower-case parts: mock_access_key/20220524/us-east-1/aws4_request. */
  private static final Pattern PATH_WORDS =
      Pattern.compile("^[a-z0-9_.-]+/[a-z0-9_.-]+/[a-z0-9_./-]+$");

  private static final Pattern DIGITS = Pattern.compile("^[0-9]+$");

  /**
   * A short part of a dotted name: letters, perhaps numbered (fci, this, db2). Letters and digits
   * mixed (sk2QnI) are a random password's, with a dot in it.
   */
  private static final Pattern SHORT_NAME = Pattern.compile("^[A-Za-z_$]{1,6}[0-9]{0,2}$");

  private static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z_$][A-Za-z0-9_$]*$");
  private static final Pattern QUALIFIED =
      Pattern.compile("^[A-Za-z_$][A-Za-z0-9_$]*(?:\\.[A-Za-z_$][A-Za-z0-9_$]*)*$");

  /** Numbers, versions, object identifiers, addresses: 0x4, 1.5, 1.2.840.113549, 10.0.0.1. */
  private static final Pattern NUMBER = Pattern.compile("^(?:0[xX][0-9a-fA-F]+|[0-9.]*\\.[0-9]+)$");

  /** Words of letters only: Kennwort, Keystore-Kennwort, tennis. */
  private static final Pattern LETTER_WORDS = Pattern.compile("^[A-Za-z]+(?:[- ][A-Za-z]+)*$");

  private static final Pattern PROSE = Pattern.compile("[A-Za-z]+[,.:;!?]?\\s+[A-Za-z]{2,}");

  /** The verbs by which a sentence gives a secret's value: "is", "are", "was set to". */
  private static final Pattern STATED =
      Pattern.compile("(?i)(?:^|\\s)(?:is|was|are|were|be|now|to|equals)(?:\\s*:)?$");

  /**
   * The entropy a value after a bare name needs (bits per character): gitleaks' generic-api-key
   * floor; 40 random base-64 characters have about 5, words and names under 3.5.
   */
  private static final double BARE_ENTROPY = 3.5;

  /** Summer2024, hunter2: how people choose passwords. */
  private static final Pattern WORD_AND_NUMBER = Pattern.compile("^[A-Za-z]{5,}[0-9]+$");

  private static final Pattern PASSWORD_WORD = Pattern.compile("(?i)^pass|^pwd|credential|creds");

  private Plausibility() {}

  /**
   * Whether a candidate passes its rule's check.
   *
   * @param key the name the value was assigned to, or "" when the rule has none
   * @param quoted whether the value was written between quotes
   * @param following the first character after the value past blanks; {@code '\n'} at the end of a
   *     line (or of the text, or at an escaped {@code \n})
   */
  static boolean accepts(
      Rule.Check check,
      String key,
      String value,
      boolean quoted,
      char following,
      double entropyFloor) {
    return switch (check) {
      case NONE -> entropy(value) >= entropyFloor;
      case ASSIGNMENT -> password(key, value, quoted, following == '\n');
      case ARGUMENT -> passwordArgument(key, value);
      case GENERIC -> generic(key, value, quoted, following, entropyFloor);
      case PASSWORD -> commandLinePassword(value);
      case PROSE -> prose(key, value, quoted, following, entropyFloor);
      case BASIC_AUTH -> basicAuth(value);
    };
  }

  /**
   * Whether base64 after "Basic" holds credentials: it decodes to printable ASCII {@code
   * user:password} and the password is one a command line would take (not a placeholder, not a
   * variable). "Basic authentication", "Basic realm" do not decode so.
   */
  private static boolean basicAuth(String value) {
    String v = value.strip();
    byte[] bytes;
    try {
      bytes =
          java.util.Base64.getDecoder()
              .decode(v.length() % 4 == 0 ? v : v + "===".substring(0, 4 - v.length() % 4));
    } catch (IllegalArgumentException e) {
      return false; // not base64: a word after "Basic"
    }
    int colon = -1;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] < 0x20 || bytes[i] > 0x7e) {
        return false;
      }
      if (bytes[i] == ':' && colon < 0) {
        colon = i;
      }
    }
    return colon > 0
        && commandLinePassword(
            new String(
                bytes,
                colon + 1,
                bytes.length - colon - 1,
                java.nio.charset.StandardCharsets.US_ASCII));
  }

  /**
   * A secret named in a sentence. {@code key} is all that came before the value: the name, perhaps
   * qualified ("password for root@db01"), and what joins it to the value.
   *
   * <ul>
   *   <li>An operator after a name of two words ({@code api key = …}) is an assignment, judged as
   *       the assignment rules judge one (one-word names with an operator are theirs).
   *   <li>A verb ("is", "are", "set to") states the value: anything that is not a word, a name, a
   *       number, a path or a reference ("the password is too short", "the token is 3600 seconds",
   *       "the secret is read from settings.py" are prose).
   *   <li>A bare space ("with secret 2hpC…") only before a long random value (gitleaks' {@code
   *       generic-api-key} asks for a name and entropy the same way): most words after "secret" or
   *       "token" are the sentence going on.
   * </ul>
   */
  private static boolean prose(
      String key, String value, boolean quoted, char following, double entropyFloor) {
    String joined = key.strip();
    String v = value.strip();
    String word = v.replaceAll("[!?]+$", ""); // "are they found?" ends a sentence; Spring2024! not
    if (describesSecret(joined) || word.chars().allMatch(Character::isLetter)) {
      return false; // "password field is …", "password is incorrect"
    }
    boolean password = PASSWORD_WORD.matcher(joined).find();
    char last = joined.charAt(joined.length() - 1);
    if (last == ':' && !STATED.matcher(joined).find() || last == '=' || last == '>') {
      return password
          ? password("", v, quoted, following == '\n')
          : generic("", v, quoted, following, entropyFloor);
    }
    if (!STATED.matcher(joined).find()) {
      return v.length() >= 16
          && v.chars().anyMatch(Character::isDigit)
          && v.chars().allMatch(c -> c < 128)
          && generic("", v, quoted, following, Math.max(entropyFloor, BARE_ENTROPY));
    }
    if (DIGITS.matcher(v).matches()) {
      return password && v.length() >= 6; // "the token is 3600 seconds old"; a PIN-like password
    }
    if (v.charAt(0) == '.') {
      return false; // "write the token to .netrc": a dotfile
    }
    if (NameShape.madeOfWords(word)) {
      // "the token is RS256-signed"; but a password is often one word and a number
      return password && WORD_AND_NUMBER.matcher(v).matches() && !commonValue(v);
    }
    return password("", v, quoted, false) && !TYPE_NAME.matcher(v).matches();
  }

  /**
   * A password passed to a function or paired with its name: the call or name must end with the
   * password word ({@code setPassword}, {@code "db.password"}, not {@code password.encode} or
   * {@code splitpasswd}), and a plain word or identifier there is a label or a translation.
   */
  private static boolean passwordArgument(String key, String value) {
    String last = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    boolean named =
        last.endsWith("password")
            || last.endsWith("passwd")
            || last.endsWith("passphrase")
            || last.endsWith("pwd");
    return named
        && password(key, value, true, false)
        && !LETTER_WORDS.matcher(value).matches()
        && !WORDS.matcher(value).matches();
  }

  private static boolean password(String key, String value, boolean quoted, boolean endsLine) {
    String v = value.strip();
    if (!key.isEmpty() && !secretInLastPart(key)) {
      return false; // _PassArg.context, password.encode: the secret is not what is assigned
    }
    if (v.length() < 3
        || commonValue(v)
        || describesSecret(key)
        || reference(v, quoted)
        || PATH_OR_URL.matcher(v).find()
        || v.equalsIgnoreCase(key)
        || NUMBER.matcher(v).matches()
        || v.chars().noneMatch(Character::isLetterOrDigit)) {
      return false;
    }
    if (DIGITS.matcher(v).matches()) {
      return v.length() >= 4;
    }
    if (quoted) {
      // "Enter your password", "Invalid password: too short"; a value starting with ";" or a
      // space began at a closing quote ("Password:"; read -s PASSWORD)
      char first = value.charAt(0);
      boolean startsLikeValue =
          Character.isLetterOrDigit(first) || "!#%^&*-_.+~@".indexOf(first) >= 0;
      return startsLikeValue
          && !PROSE.matcher(v).find()
          && !v.endsWith(":")
          && !v.endsWith("?")
          && !CONSTANT_NAME.matcher(v).matches()
          && !(WORDS.matcher(v).matches() && (v.indexOf('-') > 0 || v.indexOf('_') > 0))
          && !(lowerCaseWord(v) && !envStyle(key)); // password='python' in a test; not .env
    }
    if (v.chars().anyMatch(c -> !Character.isLetter(c))) {
      // an identifier such as db_password or passwordField is a reference, not a value
      return !CONSTANT_NAME.matcher(v).matches() && !WORDS.matcher(v).matches() && !camelName(v);
    }
    // A bare word: a secret in a .env line (DB_PASSWORD=hunter), a variable in code
    // (password = password); only the former ends a line under an upper-case name.
    return endsLine
        && (envStyle(key) || !plainWord(v) && !camelName(v) && !TYPE_NAME.matcher(v).matches());
  }

  /** DB_PASSWORD, SMTP_PASS: a name in the environment's style, where real secrets live. */
  private static boolean envStyle(String key) {
    return !key.isEmpty() && key.equals(key.toUpperCase(Locale.ROOT));
  }

  /** A lower-case dictionary-like word: python, coyote, bandstop. */
  private static boolean lowerCaseWord(String v) {
    return v.chars().allMatch(c -> c >= 'a' && c <= 'z') && NameShape.nameLike(v);
  }

  /** Whether the last dotted part of a key names the secret (config.db.password, ApiKey). */
  private static boolean secretInLastPart(String key) {
    String last = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return last.contains("pass")
        || last.contains("pwd")
        || last.contains("secret")
        || last.contains("token")
        || last.contains("key");
  }

  private static boolean generic(
      String key, String value, boolean quoted, char following, double entropyFloor) {
    String v = value.strip();
    if (!quoted && ";),".indexOf(following) >= 0 && QUALIFIED.matcher(v).matches()) {
      return false; // a variable in a statement or a call: key = otherKey;
    }
    if (v.length() < 8
        || value.chars().anyMatch(Character::isWhitespace)
        || commonValue(v)
        || describesSecret(key)
        || reference(v, quoted)
        || PATH_OR_URL.matcher(v).find()
        || DIGITS.matcher(v).matches()
        || WORDS.matcher(v).matches()
        || CONSTANT_NAME.matcher(v).matches()
        || NameShape.wordy(v)
        || SINGLE_CASE_LETTERS.matcher(v).matches()
        || PATH_WORDS.matcher(v).matches()) {
      return false;
    }
    return entropy(v) >= entropyFloor;
  }

  /** A password on a command line or in a URL: not a variable, a template or a plain word. */
  private static boolean commandLinePassword(String value) {
    String v = value.strip();
    return v.length() >= 3
        && !commonValue(v)
        && "$%{<`".indexOf(v.charAt(0)) < 0
        && !(DIGITS.matcher(v).matches() && v.length() <= 5) // a port
        && !v.chars().allMatch(c -> c >= 'a' && c <= 'z'); // --password options (prose)
  }

  private static boolean commonValue(String v) {
    return NON_SECRET_VALUES.contains(v.toLowerCase(Locale.ROOT));
  }

  /**
   * Whether a value refers to one kept elsewhere rather than being one: a sigil ($VAR, @Value), a
   * qualified name or member access (settings.API_TOKEN, sun.security.P11Key, this.p11Key), or,
   * outside quotes, a call, an index, an operator.
   */
  private static boolean reference(String v, boolean quoted) {
    if (SIGIL.matcher(v).find() || qualifiedName(v)) {
      return true;
    }
    return !quoted && (CODE.matcher(v).find() || v.endsWith("+"));
  }

  /**
   * Dotted identifiers, each short or made of words: {@code fci.jdkName}, {@code
   * kPkeKeyPair.privateKey.keyBytes}. A dotted token (a JWT, a bearer token) has long random parts
   * and is not one.
   */
  private static boolean qualifiedName(String v) {
    if (v.indexOf('.') < 0) {
      return false;
    }
    boolean wordy = false;
    for (String part : v.split("\\.", -1)) {
      if (part.isEmpty()
          || part.length() > 64
          || !IDENTIFIER.matcher(part).matches()
          || randomPart(part)) {
        return false;
      }
      wordy |= SHORT_NAME.matcher(part).matches() || NameShape.wordy(part);
    }
    return wordy;
  }

  /** Letters of both cases and digits, long and not made of words: a password's, not a name's. */
  private static boolean randomPart(String part) {
    return part.length() >= 8
        && part.chars().anyMatch(Character::isDigit)
        && part.chars().anyMatch(Character::isUpperCase)
        && part.chars().anyMatch(Character::isLowerCase)
        && !NameShape.wordy(part);
  }

  /** A single word in lower case or with a leading capital: tennis, Kennworttext. */
  private static boolean plainWord(String v) {
    return !v.isEmpty()
        && v.chars().allMatch(Character::isLetter)
        && v.substring(1).equals(v.substring(1).toLowerCase(Locale.ROOT));
  }

  /** camelCase: passwordField, dbPassword. */
  private static boolean camelName(String v) {
    return Character.isLowerCase(v.charAt(0))
        && NameShape.nameLike(v)
        && v.chars().anyMatch(Character::isUpperCase);
  }

  /** Whether a key's name says its value is about a secret (its id, length, file…). */
  static boolean describesSecret(String key) {
    if (key.isEmpty()) {
      return false;
    }
    // words split at punctuation and at camelCase humps: apiKeyId -> api, key, id
    int start = 0;
    for (int i = 1; i <= key.length(); i++) {
      boolean end =
          i == key.length()
              || !Character.isLetterOrDigit(key.charAt(i))
              || (Character.isUpperCase(key.charAt(i)) && Character.isLowerCase(key.charAt(i - 1)));
      if (end) {
        if (i > start
            && DESCRIPTIVE_KEY_WORDS.contains(key.substring(start, i).toLowerCase(Locale.ROOT))) {
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
