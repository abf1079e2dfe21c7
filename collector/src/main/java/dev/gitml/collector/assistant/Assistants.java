package dev.gitml.collector.assistant;

import dev.gitml.collector.hooks.ClaudeHooks;
import dev.gitml.collector.hooks.FlatHooks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every assistant gitml knows, in the order {@code gitml assistants status} lists them: those with
 * a hook system gitml registers its launcher in (Claude Code, Codex CLI, Gemini CLI, Cursor, GitHub
 * Copilot CLI), then those whose sessions only the daemon's sweep finds (Aider, Cline and its
 * forks, OpenCode). The event prefix of a hook ({@code gemini:AfterAgent}) names the assistant.
 */
public final class Assistants {
  private Assistants() {}

  /** The prefix of each assistant's hook events, and its name in records. */
  private static final Map<String, String> PREFIXES =
      Map.of(
          "claude", "claude-code",
          "codex", "codex",
          "gemini", "gemini-cli",
          "cursor", "cursor",
          "copilot", "copilot");

  /** The assistant (its name in records) whose hooks send events named {@code <prefix>:…}. */
  public static Optional<String> byEventPrefix(String prefix) {
    return Optional.ofNullable(PREFIXES.get(prefix));
  }

  /** Every assistant, located for {@code setup}'s environment and repository. */
  public static List<Assistant> all(Setup setup) {
    Path home = setup.userHome();
    List<Assistant> out = new ArrayList<>();
    out.add(new ClaudeCodeAssistant(setup));
    out.add(new CodexAssistant(setup));
    Path gemini = setup.dir("GEMINI_CLI_HOME", home).resolve(".gemini");
    out.add(
        new JsonHooksAssistant(
            "gemini-cli",
            "Gemini CLI",
            List.of(gemini),
            "gemini",
            setup,
            scopes(
                project(setup, ".gemini/settings.json", ".gemini/settings.json"),
                new JsonHooksAssistant.Files(
                    gemini.resolve("settings.json"), gemini.resolve("settings.json"))),
            ClaudeHooks.GEMINI,
            null,
            "[ -f \"$GEMINI_PROJECT_DIR/.git-ml/bin/gitml-hook\" ] || exec cat >/dev/null;"
                + " sh \"$GEMINI_PROJECT_DIR/.git-ml/bin/gitml-hook\""));
    Path cursor = home.resolve(".cursor");
    out.add(
        new JsonHooksAssistant(
            "cursor",
            "Cursor",
            List.of(cursor),
            "cursor-agent",
            setup,
            scopes(
                project(setup, ".cursor/hooks.json", ".cursor/mcp.json"),
                new JsonHooksAssistant.Files(
                    cursor.resolve("hooks.json"), cursor.resolve("mcp.json"))),
            null,
            FlatHooks.CURSOR,
            Setup.repositoryLauncher()));
    out.add(
        new JsonHooksAssistant(
            "copilot",
            "GitHub Copilot CLI",
            List.of(home.resolve(".copilot")),
            "copilot",
            setup,
            scopes(project(setup, ".github/hooks/gitml.json", null), null),
            null,
            FlatHooks.COPILOT,
            Setup.repositoryLauncher()));
    out.add(new PassiveAssistant("aider", "Aider", List.of(), "aider"));
    out.add(
        new PassiveAssistant(
            "cline",
            "Cline (Roo Code, Kilo Code)",
            List.of(
                vscodeStorage(home).resolve("saoudrizwan.claude-dev"),
                vscodeStorage(home).resolve("rooveterinaryinc.roo-cline"),
                vscodeStorage(home).resolve("kilocode.kilo-code")),
            null));
    out.add(
        new PassiveAssistant(
            "opencode",
            "OpenCode",
            List.of(setup.dir("XDG_DATA_HOME", home.resolve(".local/share")).resolve("opencode")),
            "opencode"));
    return out;
  }

  /** VS Code's extension storage on Linux ({@code ~/.config/Code/User/globalStorage}). */
  static Path vscodeStorage(Path home) {
    return home.resolve(".config/Code/User/globalStorage");
  }

  private static JsonHooksAssistant.Files project(Setup setup, String hooks, String mcp) {
    if (setup.workspace() == null) {
      return null;
    }
    Path tree = setup.workspace().workTree();
    return new JsonHooksAssistant.Files(
        hooks == null ? null : tree.resolve(hooks), mcp == null ? null : tree.resolve(mcp));
  }

  private static Map<Assistant.Scope, JsonHooksAssistant.Files> scopes(
      JsonHooksAssistant.Files project, JsonHooksAssistant.Files user) {
    Map<Assistant.Scope, JsonHooksAssistant.Files> m = new EnumMap<>(Assistant.Scope.class);
    if (project != null) {
      m.put(Assistant.Scope.PROJECT, project);
    }
    if (user != null) {
      m.put(Assistant.Scope.USER, user);
    }
    return m;
  }
}
