package dev.gitml.collector.session;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The assistants whose sessions gitml finds by itself, each with its default location: Claude
 * Code's {@code ~/.claude/projects}, Codex CLI's {@code $CODEX_HOME/sessions}, Gemini CLI's {@code
 * ~/.gemini/tmp}, Aider's history in the work tree, Cline's (and Roo's, Kilo's) tasks, Copilot
 * CLI's session-state, OpenCode's storage and database, Cursor's agent transcripts. A reader for
 * another assistant adds its {@link SessionSource} to {@link #all}, with its folder from {@link
 * SessionLocations}; the daemon's sweep, {@code gitml sessions import} and {@code gitml sessions
 * import --path <data root>} then find its sessions with no other change.
 */
public final class SessionSources {
  private SessionSources() {}

  /** Every source, located for this environment ({@code HOME} being {@code userHome}). */
  public static List<SessionSource> all(Map<String, String> env, Path userHome) {
    String home = userHome.toString();
    return List.of(
        ClaudeProjects.of(env, home),
        CodexSessions.of(env, home),
        GeminiSessions.of(env, home),
        new AiderSessions(),
        ClineSessions.of(env, userHome),
        CopilotSessions.of(env, userHome),
        OpenCodeSessions.of(env, userHome),
        CursorSessions.of(userHome));
  }

  /** The source of the assistant named {@code assistant} (its name in records). */
  public static Optional<SessionSource> named(
      String assistant, Map<String, String> env, Path userHome) {
    return all(env, userHome).stream().filter(s -> s.assistant().equals(assistant)).findFirst();
  }
}
