package dev.gitml.collector.assistant;

import dev.gitml.collector.hooks.ClaudeHooks;
import dev.gitml.collector.hooks.FlatHooks;
import dev.gitml.collector.hooks.HookOutcome;
import dev.gitml.collector.hooks.McpServers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An assistant whose hooks and MCP servers are JSON files gitml merges into: Gemini CLI ({@code
 * settings.json}, Claude Code's shape), Cursor ({@code hooks.json} and {@code mcp.json}), GitHub
 * Copilot CLI ({@code .github/hooks/gitml.json}, for a project only). Each scope names its files;
 * one that is absent means the assistant has no such setting there.
 */
final class JsonHooksAssistant extends Assistant {
  /** The files of one scope: hooks, and the MCP server's (either may be null: none). */
  record Files(Path hooks, Path mcp) {}

  private final Setup setup;
  private final Map<Scope, Files> files;
  private final ClaudeHooks.Dialect nested;
  private final FlatHooks.Dialect flat;
  private final String projectLauncher;

  JsonHooksAssistant(
      String name,
      String display,
      List<Path> homes,
      String binary,
      Setup setup,
      Map<Scope, Files> files,
      ClaudeHooks.Dialect nested,
      FlatHooks.Dialect flat,
      String projectLauncher) {
    super(name, display, homes, binary);
    this.setup = setup;
    this.files = files;
    this.nested = nested;
    this.flat = flat;
    this.projectLauncher = projectLauncher;
  }

  @Override
  public Optional<Path> hooksFile(Scope scope) {
    return Optional.ofNullable(files.get(scope)).map(Files::hooks);
  }

  @Override
  public Optional<Path> mcpFile(Scope scope) {
    return Optional.ofNullable(files.get(scope)).map(Files::mcp);
  }

  @Override
  public List<String> installHooks(Scope scope) throws IOException {
    Path f = hooksFile(scope).orElse(null);
    if (f == null) {
      return List.of();
    }
    String launcher;
    if (scope == Scope.PROJECT) {
      setup.workTree();
      setup.projectLauncher();
      launcher = projectLauncher;
    } else {
      launcher = setup.userLauncher();
    }
    Map<String, HookOutcome> done =
        nested != null
            ? new ClaudeHooks(f, setup.gitmlHome(), nested).install(launcher)
            : new FlatHooks(f, setup.gitmlHome(), flat).install(launcher);
    return done.entrySet().stream()
        .filter(e -> e.getValue() == HookOutcome.CREATED)
        .map(Map.Entry::getKey)
        .toList();
  }

  @Override
  public List<String> hooksInstalled(Scope scope) throws IOException {
    Path f = hooksFile(scope).orElse(null);
    if (f == null) {
      return List.of();
    }
    return nested != null
        ? new ClaudeHooks(f, setup.gitmlHome(), nested).installed()
        : new FlatHooks(f, setup.gitmlHome(), flat).installed();
  }

  @Override
  public List<String> uninstallHooks(Scope scope) throws IOException {
    Path f = hooksFile(scope).orElse(null);
    if (f == null) {
      return List.of();
    }
    return nested != null
        ? new ClaudeHooks(f, setup.gitmlHome(), nested).uninstall().events()
        : new FlatHooks(f, setup.gitmlHome(), flat).uninstall().events();
  }

  @Override
  public boolean installMcp(Scope scope) throws IOException {
    Path f = mcpFile(scope).orElse(null);
    return f != null
        && new McpServers(f, setup.gitmlHome()).install(setup.gitml()) == HookOutcome.CREATED;
  }

  @Override
  public boolean mcpInstalled(Scope scope) throws IOException {
    Path f = mcpFile(scope).orElse(null);
    return f != null && new McpServers(f, setup.gitmlHome()).installed();
  }

  @Override
  public boolean uninstallMcp(Scope scope) throws IOException {
    Path f = mcpFile(scope).orElse(null);
    return f != null && new McpServers(f, setup.gitmlHome()).uninstall();
  }
}
