package dev.gitml.collector.session;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The assistants a commit message credits in its {@code Co-authored-by:} trailers, as they write
 * them: Claude Code ({@code Claude <noreply@anthropic.com>}), Codex ({@code Codex
 * <noreply@openai.com>}), Aider ({@code aider (model) <noreply@aider.chat>}), Gemini, GitHub
 * Copilot, Cursor ({@code Cursor Agent <cursoragent@cursor.com>}), OpenCode, Cline. A commit that
 * credits the assistant of a session it was made during is linked to the chat under way then.
 */
final class CoAuthors {
  private static final Pattern TRAILER = Pattern.compile("(?im)^\\s*co-authored-by:\\s*(.+)$");

  private CoAuthors() {}

  /** The assistants credited (their names in records). */
  static Set<String> of(String message) {
    Set<String> out = new LinkedHashSet<>();
    if (message == null) {
      return out;
    }
    Matcher m = TRAILER.matcher(message);
    while (m.find()) {
      String who = m.group(1).toLowerCase(Locale.ROOT);
      if (who.contains("anthropic.com") || who.startsWith("claude")) {
        out.add("claude-code");
      } else if (who.contains("openai.com") || who.startsWith("codex")) {
        out.add("codex");
      } else if (who.contains("aider")) {
        out.add("aider");
      } else if (who.contains("gemini") || who.contains("google.com")) {
        out.add("gemini-cli");
      } else if (who.contains("copilot")) {
        out.add("copilot");
      } else if (who.contains("cursor")) {
        out.add("cursor");
      } else if (who.contains("opencode")) {
        out.add("opencode");
      } else if (who.contains("cline")) {
        out.add("cline");
      }
    }
    return out;
  }
}
