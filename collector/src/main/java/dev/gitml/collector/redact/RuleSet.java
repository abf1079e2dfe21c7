package dev.gitml.collector.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.gitml.storage.config.ConfigException;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules a {@link Redactor} applies: the built-in {@code rules.json} (gitleaks-class coverage,
 * see its descriptions) and what config.json's {@code redaction} object adds:
 *
 * <pre>
 * "redaction": {
 *   "rules": [{"id": "acme-key", "keywords": ["acme_"], "regex": "(acme_[a-z0-9]{32})"},
 *             {"id": "jwt", "disabled": true}],
 *   "allowlist": ["^test-fixture-"]
 * }
 * </pre>
 *
 * A config rule with a built-in rule's id replaces it; {@code "disabled": true} removes it.
 * Allowlist entries are regular expressions; a candidate secret in which one is found is kept.
 */
public final class RuleSet {
  private static final String RESOURCE = "rules.json";
  private static final ObjectMapper JSON = Mappers.JSON;
  private static volatile RuleSet builtIn;

  private final List<Rule> rules;
  private final List<Pattern> allowlist;

  private RuleSet(List<Rule> rules, List<Pattern> allowlist) {
    this.rules = List.copyOf(rules);
    this.allowlist = List.copyOf(allowlist);
  }

  /** The rules shipped with gitml. */
  public static RuleSet builtIn() {
    RuleSet set = builtIn;
    if (set == null) {
      try (InputStream in = RuleSet.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("resource " + RESOURCE + " missing from the build");
        }
        JsonNode root = JSON.readTree(in);
        List<Rule> rules = new ArrayList<>();
        for (JsonNode n : root.path("rules")) {
          rules.add(parse(n, RESOURCE));
        }
        set = new RuleSet(rules, List.of());
      } catch (IOException e) {
        throw new IllegalStateException(
            "built-in " + RESOURCE + " is broken: " + e.getMessage(), e);
      }
      builtIn = set;
    }
    return set;
  }

  /**
   * These rules with config.json's {@code redaction} object applied; a missing or empty object
   * changes nothing.
   */
  public RuleSet withConfig(JsonNode redaction) throws ConfigException {
    if (redaction == null || redaction.isMissingNode() || redaction.isNull()) {
      return this;
    }
    Map<String, Rule> byId = new LinkedHashMap<>();
    rules.forEach(r -> byId.put(r.id(), r));
    int i = 0;
    for (JsonNode n : redaction.path("rules")) {
      String where = "config.json: redaction.rules[" + i++ + "]";
      String id = n.path("id").asText("");
      if (id.isBlank()) {
        throw new ConfigException(where + ": \"id\" is missing");
      }
      if (n.path("disabled").asBoolean(false)) {
        byId.remove(id);
        continue;
      }
      try {
        byId.put(id, parse(n, where));
      } catch (IOException e) {
        throw new ConfigException(e.getMessage());
      }
    }
    List<Pattern> allow = new ArrayList<>(allowlist);
    int j = 0;
    for (JsonNode n : redaction.path("allowlist")) {
      allow.add(compile(n.asText(), "config.json: redaction.allowlist[" + j++ + "]"));
    }
    return new RuleSet(new ArrayList<>(byId.values()), allow);
  }

  public Redactor redactor() {
    return new RuleRedactor(rules, new Allowlist(allowlist));
  }

  /** The ids of the rules, in order. */
  public List<String> ids() {
    return rules.stream().map(Rule::id).toList();
  }

  private static Rule parse(JsonNode n, String where) throws ConfigException {
    String id = n.path("id").asText("");
    String at = where + " (" + id + ")";
    if (!n.path("regex").isTextual()) {
      throw new ConfigException(at + ": \"regex\" is missing");
    }
    List<String> keywords = new ArrayList<>();
    n.path("keywords").forEach(k -> keywords.add(k.asText().toLowerCase(Locale.ROOT)));
    if (keywords.isEmpty()) {
      throw new ConfigException(at + ": \"keywords\" must list at least one string");
    }
    List<Integer> groups = new ArrayList<>();
    n.path("groups").forEach(g -> groups.add(g.asInt()));
    List<Pattern> allow = new ArrayList<>();
    for (JsonNode a : n.path("allow")) {
      allow.add(compile(a.asText(), at + ": allow"));
    }
    Rule.Check check;
    try {
      check = Rule.Check.valueOf(n.path("check").asText("none").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at + ": unknown check \"" + n.path("check").asText() + "\"");
    }
    Rule.Anchor anchor;
    try {
      anchor = Rule.Anchor.valueOf(n.path("anchor").asText("window").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at + ": unknown anchor \"" + n.path("anchor").asText() + "\"");
    }
    // An anchored rule's regex is compiled with ^: RE2/J's lookingAt alone keeps stepping through
    // the rest of the input after the match has failed; ^ lets it stop at once.
    String regex = n.get("regex").asText();
    Pattern pattern =
        compile(anchor == Rule.Anchor.WINDOW ? regex : "^(?:" + regex + ")", at + ": regex");
    for (int g : groups) {
      if (g < 1 || g > pattern.groupCount()) {
        throw new ConfigException(at + ": group " + g + " is not in the regex");
      }
    }
    try {
      return new Rule(
          id,
          keywords,
          n.path("boundary").asBoolean(false),
          pattern,
          groups,
          n.path("entropy").asDouble(0),
          allow,
          check,
          n.path("priority").asInt(0),
          "block".equals(n.path("window").asText("line")),
          anchor,
          n.path("before").asText(""),
          n.path("next").asText(""));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ": " + e.getMessage());
    }
  }

  private static Pattern compile(String regex, String where) throws ConfigException {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ConfigException(where + ": not a valid RE2 regular expression: " + e.getMessage());
    }
  }
}
