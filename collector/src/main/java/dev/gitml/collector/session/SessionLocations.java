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

  /** Editors of the VS Code family that host Cline's extension, by their config folder's name. */
  public static final List<String> CODE_EDITORS =
      List.of("Code", "Code - Insiders", "VSCodium", "Cursor", "Windsurf");

  /** Cline's (and Roo Code's, Kilo Code's) task folders, {@code …/globalStorage/<id>/tasks}. */
  public static List<Path> clineTasks(Path userHome) {
    Path storage = userHome.resolve(".config/Code/User/globalStorage");
    return CLINE_EXTENSIONS.stream().map(id -> storage.resolve(id).resolve("tasks")).toList();
  }

  /**
   * Cline's task folders in every editor of the VS Code family, under {@code $XDG_CONFIG_HOME}
   * (default {@code ~/.config}) and macOS's {@code ~/Library/Application Support}.
   */
  public static List<Path> clineTasks(Map<String, String> env, Path userHome) {
    String config = env.get("XDG_CONFIG_HOME");
    List<Path> bases =
        List.of(
            config != null && !config.isBlank() ? Path.of(config) : userHome.resolve(".config"),
            userHome.resolve("Library/Application Support"));
    List<Path> out = new java.util.ArrayList<>();
    for (Path base : bases) {
      for (String editor : CODE_EDITORS) {
        Path storage = base.resolve(editor).resolve("User/globalStorage");
        for (String id : CLINE_EXTENSIONS) {
          out.add(storage.resolve(id).resolve("tasks"));
        }
      }
    }
    return out;
  }

  /** GitHub Copilot CLI's sessions: {@code ~/.copilot/session-state/<id>/events.jsonl}. */
  public static Path copilotSessionState(Path userHome) {
    return userHome.resolve(".copilot/session-state");
  }

  /** Copilot CLI's sessions, under {@code $COPILOT_HOME} when set, else {@code ~/.copilot}. */
  public static Path copilotSessionState(Map<String, String> env, Path userHome) {
    String home = env.get("COPILOT_HOME");
    return home != null && !home.isBlank()
        ? Path.of(home).resolve("session-state")
        : copilotSessionState(userHome);
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
