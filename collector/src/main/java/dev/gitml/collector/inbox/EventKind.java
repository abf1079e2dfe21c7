package dev.gitml.collector.inbox;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an event asks of the daemon, told by its {@code event} header: commits made (git's
 * post-commit and post-merge), history rewritten (post-rewrite, with the list of old and new
 * commits in the body), a coding assistant's hook ({@code <assistant>:<hook>}), or a type this
 * version does not know (deferred, for a later gitml).
 */
public sealed interface EventKind {
  /** The header's value for each kind. */
  String POST_COMMIT = "post-commit";

  String POST_MERGE = "post-merge";
  String POST_REWRITE = "post-rewrite";

  /** A commit or a merge was made: {@code revision} is the new HEAD (its hash when known). */
  record CommitMade(String revision) implements EventKind {}

  /** Commits were rewritten by {@code how} ("amend", "rebase"), read from the body. */
  record Rewritten(String how) implements EventKind {
    /** Text of a post-rewrite body read at most (82 bytes a rewritten commit). */
    static final int MAX_BODY = 64 << 20;

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

    /**
     * The rewritten commits, new to old, from the body's lines ({@code <old-sha> <new-sha>
     * [<extra>]}, githooks(5)), in the order git gave them.
     */
    public Map<String, String> newToOld(Event event) throws IOException {
      String body = event.bodyText(MAX_BODY);
      if (body == null) {
        throw new Event.FormatException(
            event.name() + ": a post-rewrite body over " + (MAX_BODY >> 20) + " MB");
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (String line : body.split("\n")) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length >= 2
            && SHA.matcher(parts[0]).matches()
            && SHA.matcher(parts[1]).matches()
            && !parts[0].equals(parts[1])) {
          out.putIfAbsent(parts[1], parts[0]);
        }
      }
      return out;
    }

    /**
     * The rewritten commits, each new one with every old one it replaced (a squash replaces
     * several), in the order git gave them.
     */
    public Map<String, java.util.List<String>> newToOlds(Event event) throws IOException {
      String body = event.bodyText(MAX_BODY);
      if (body == null) {
        throw new Event.FormatException(
            event.name() + ": a post-rewrite body over " + (MAX_BODY >> 20) + " MB");
      }
      Map<String, java.util.List<String>> out = new LinkedHashMap<>();
      for (String line : body.split("\n")) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length >= 2
            && SHA.matcher(parts[0]).matches()
            && SHA.matcher(parts[1]).matches()
            && !parts[0].equals(parts[1])) {
          java.util.List<String> olds =
              out.computeIfAbsent(parts[1], k -> new java.util.ArrayList<>());
          if (!olds.contains(parts[0])) {
            olds.add(parts[0]);
          }
        }
      }
      return out;
    }

    /** How the link it leads to names its source: "post-rewrite amend". */
    public String source() {
      return POST_REWRITE + (how.isBlank() ? "" : " " + how.trim());
    }
  }

  /** A coding assistant's hook fired: {@code claude:Stop} is Claude Code's Stop hook. */
  record AssistantHook(String assistant, String hook) implements EventKind {}

  /** An event type this version does not handle. */
  record Unknown(String type) implements EventKind {}

  /** The kind of {@code event}. */
  static EventKind of(Event event) {
    String type = event.type();
    switch (type) {
      case POST_COMMIT, POST_MERGE -> {
        return new CommitMade(event.head().matches("[0-9a-f]{40}") ? event.head() : "HEAD");
      }
      case POST_REWRITE -> {
        return new Rewritten(event.args());
      }
      default -> {
        int colon = type.indexOf(':');
        if (colon > 0 && colon < type.length() - 1) {
          return new AssistantHook(type.substring(0, colon), type.substring(colon + 1));
        }
        return new Unknown(type);
      }
    }
  }
}
