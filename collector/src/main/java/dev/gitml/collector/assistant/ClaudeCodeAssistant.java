package dev.gitml.collector.assistant;

import dev.gitml.collector.hooks.ClaudeHooks;
import dev.gitml.collector.hooks.ClaudeSetup;
import dev.gitml.collector.hooks.HookOutcome;
import dev.gitml.collector.hooks.McpServers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Claude Code: hooks in {@code .claude/settings.json} of the project or of the user ({@code
 * $CLAUDE_CONFIG_DIR} or {@code ~/.claude}), as {@code gitml claude install} registers them; the
 * MCP server in the project's {@code .mcp.json} or the user's {@code ~/.claude.json}.
 */
final class ClaudeCodeAssistant extends Assistant {
  private final Setup setup;

  ClaudeCodeAssistant(Setup setup) {
    super(
        "claude-code",
        "Claude Code",
        List.of(setup.dir("CLAUDE_CONFIG_DIR", setup.userHome().resolve(".claude"))),
        "claude");
    this.setup = setup;
  }

  @Override
  public Optional<Path> hooksFile(Scope scope) {
    if (scope == Scope.USER) {
      return Optional.of(ClaudeSetup.userSettings(setup.env(), setup.userHome()));
    }
    return Optional.ofNullable(setup.workspace()).map(ClaudeSetup::projectSettings);
  }

  @Override
  public List<String> installHooks(Scope scope) throws IOException {
    ClaudeSetup.Installed r =
        scope == Scope.USER
            ? ClaudeSetup.installForUser(setup.gitmlHome(), setup.env(), setup.userHome())
            : ClaudeSetup.installForProject(workspace(), setup.gitmlHome());
    return r.added();
  }

  @Override
  public List<String> hooksInstalled(Scope scope) throws IOException {
    Optional<Path> f = hooksFile(scope);
    return f.isEmpty() ? List.of() : new ClaudeHooks(f.get(), setup.gitmlHome()).installed();
  }

  @Override
  public List<String> uninstallHooks(Scope scope) throws IOException {
    Optional<Path> f = hooksFile(scope);
    return f.isEmpty()
        ? List.of()
        : new ClaudeHooks(f.get(), setup.gitmlHome()).uninstall().events();
  }

  @Override
  public Optional<Path> mcpFile(Scope scope) {
    if (scope == Scope.USER) {
      return Optional.of(userConfig(setup.env(), setup.userHome()));
    }
    return Optional.ofNullable(setup.workspace()).map(ws -> ws.workTree().resolve(".mcp.json"));
  }

  /** Claude Code's user configuration, where user-wide MCP servers are kept. */
  static Path userConfig(Map<String, String> env, Path userHome) {
    String dir = env.get("CLAUDE_CONFIG_DIR");
    return dir != null && !dir.isBlank()
        ? Path.of(dir).resolve(".claude.json")
        : userHome.resolve(".claude.json");
  }

  @Override
  public boolean installMcp(Scope scope) throws IOException {
    return mcp(scope).install(setup.gitml()) == HookOutcome.CREATED;
  }

  @Override
  public boolean mcpInstalled(Scope scope) throws IOException {
    return mcpFile(scope).isPresent() && mcp(scope).installed();
  }

  @Override
  public boolean uninstallMcp(Scope scope) throws IOException {
    return mcpFile(scope).isPresent() && mcp(scope).uninstall();
  }

  private McpServers mcp(Scope scope) throws IOException {
    return new McpServers(
        mcpFile(scope).orElseThrow(() -> new IOException("not in a repository")),
        setup.gitmlHome());
  }

  private dev.gitml.collector.repo.Workspace workspace() throws IOException {
    setup.workTree();
    return setup.workspace();
  }
}
