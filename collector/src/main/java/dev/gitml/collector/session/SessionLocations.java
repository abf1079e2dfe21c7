package dev.gitml.collector.session;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where each assistant keeps its sessions by default (Linux paths; the user's home is the run's
 * {@code HOME}, never the account's), for the {@link SessionSource} of its reader and for {@code
 * gitml assistants status}. A reader's source takes its folder from here.
 */
public final class SessionLocations {
  /** The VS Code extension ids of Cline and its forks, which keep the same task layout. */
  public static final List<String> CLINE_EXTENSIONS =
      List.of("saoudrizwan.claude-dev", "rooveterinaryinc.roo-cline", "kilocode.kilo-code");

  private SessionLocations() {}

  /** Aider's chat history: {@code .aider.chat.history.md} at the top of a work tree. */
  public static Path aiderHistory(Path workTree) {
    return workTree.resolve(".aider.chat.history.md");
  }

  /** Cline's (and Roo Code's, Kilo Code's) task folders, {@code …/globalStorage/<id>/tasks}. */
  public static List<Path> clineTasks(Path userHome) {
    Path storage = userHome.resolve(".config/Code/User/globalStorage");
    return CLINE_EXTENSIONS.stream().map(id -> storage.resolve(id).resolve("tasks")).toList();
  }

  /** GitHub Copilot CLI's sessions: {@code ~/.copilot/session-state/<id>/events.jsonl}. */
  public static Path copilotSessionState(Path userHome) {
    return userHome.resolve(".copilot/session-state");
  }

  /** OpenCode's storage: {@code $XDG_DATA_HOME/opencode/storage}, default under ~/.local/share. */
  public static Path opencodeStorage(Map<String, String> env, Path userHome) {
    String data = env.get("XDG_DATA_HOME");
    Path base = data != null && !data.isBlank() ? Path.of(data) : userHome.resolve(".local/share");
    return base.resolve("opencode/storage");
  }

  /** Cursor agent's transcripts: {@code ~/.cursor/projects/<project>/agent-transcripts/}. */
  public static Path cursorProjects(Path userHome) {
    return userHome.resolve(".cursor/projects");
  }
}
