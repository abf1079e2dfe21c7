package dev.gitml.collector.hooks;

import dev.gitml.collector.repo.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * gitml's hooks in Claude Code's settings, for one project ({@code .claude/settings.json} of the
 * work tree, running the launcher copy tracked in {@code .git-ml/bin/}, so a teammate's clone has
 * it too) or for the user ({@code ~/.claude/settings.json}, or {@code $CLAUDE_CONFIG_DIR}, running
 * a copy in gitml's home).
 */
public final class ClaudeSetup {
  private ClaudeSetup() {}

  /** Where the hooks went, and the events newly registered (empty when all were there). */
  public record Installed(Path settings, List<String> added) {
    /** One line for the console. */
    public String summary() {
      return settings
          + ": "
          + (added.isEmpty()
              ? "gitml's hooks were already there"
              : "gitml's hooks added for " + String.join(", ", added));
    }
  }

  /**
   * The user-wide settings file: in {@code $CLAUDE_CONFIG_DIR} of the run's environment, else in
   * {@code .claude} of the user's home ({@code HOME} of that environment, not the account's).
   */
  public static Path userSettings(Map<String, String> env, Path userHome) {
    String dir = env.get("CLAUDE_CONFIG_DIR");
    return (dir != null && !dir.isBlank() ? Path.of(dir) : userHome.resolve(".claude"))
        .resolve("settings.json");
  }

  /** The project's settings file. */
  public static Path projectSettings(Workspace ws) {
    return ws.workTree().resolve(".claude/settings.json");
  }

  /**
   * Registers the hooks for this project (a repository set up with {@code gitml init}); gitml's
   * home notes whether gitml created the settings file.
   */
  public static Installed installForProject(Workspace ws, Path gitmlHome) throws IOException {
    HookInstaller.writeLauncher(ws.dataDir().root().resolve("bin/gitml-hook"));
    Path settings = projectSettings(ws);
    return installed(
        settings, new ClaudeHooks(settings, gitmlHome).install(ClaudeHooks.projectLauncher()));
  }

  /** Registers the hooks for every project of the user; the launcher copy in gitml's home. */
  public static Installed installForUser(Path gitmlHome, Map<String, String> env, Path userHome)
      throws IOException {
    Path copy = HookInstaller.writeLauncher(gitmlHome.resolve("bin/gitml-hook"));
    String launcher = "sh '" + copy.toString().replace("'", "'\\''") + "'";
    Path settings = userSettings(env, userHome);
    return installed(settings, new ClaudeHooks(settings, gitmlHome).install(launcher));
  }

  private static Installed installed(Path settings, Map<String, HookOutcome> done) {
    return new Installed(
        settings,
        done.entrySet().stream()
            .filter(e -> e.getValue() == HookOutcome.CREATED)
            .map(Map.Entry::getKey)
            .toList());
  }
}
