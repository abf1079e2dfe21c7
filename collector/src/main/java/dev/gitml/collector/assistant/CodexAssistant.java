package dev.gitml.collector.assistant;

import dev.gitml.collector.hooks.ClaudeHooks;
import dev.gitml.collector.hooks.CodexConfig;
import dev.gitml.collector.hooks.HookOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Codex CLI: hooks in {@code hooks.json} beside {@code config.toml} (the project's {@code .codex/},
 * or {@code $CODEX_HOME}, default {@code ~/.codex}), Claude Code's shape; they run once {@code
 * [features] codex_hooks = true} is set in that {@code config.toml}, which gitml adds (and takes
 * out again) when it is not set. The MCP server is {@code [mcp_servers.gitml]} of the same file.
 */
final class CodexAssistant extends Assistant {
  private final Setup setup;

  CodexAssistant(Setup setup) {
    super("codex", "Codex CLI", List.of(home(setup)), "codex");
    this.setup = setup;
  }

  private static Path home(Setup setup) {
    return setup.dir("CODEX_HOME", setup.userHome().resolve(".codex"));
  }

  private Optional<Path> dir(Scope scope) {
    if (scope == Scope.USER) {
      return Optional.of(home(setup));
    }
    return Optional.ofNullable(setup.workspace()).map(ws -> ws.workTree().resolve(".codex"));
  }

  @Override
  public Optional<Path> hooksFile(Scope scope) {
    return dir(scope).map(d -> d.resolve("hooks.json"));
  }

  @Override
  public Optional<Path> mcpFile(Scope scope) {
    return dir(scope).map(d -> d.resolve("config.toml"));
  }

  @Override
  public List<String> installHooks(Scope scope) throws IOException {
    Path f = hooksFile(scope).orElseThrow(() -> new IOException("not in a repository"));
    CodexConfig config = new CodexConfig(mcpFile(scope).orElseThrow(), setup.gitmlHome());
    // the config first: a config.toml that is not TOML stops here, before hooks.json changes
    HookOutcome flag = config.enableHooks();
    String launcher;
    if (scope == Scope.PROJECT) {
      setup.workTree();
      setup.projectLauncher();
      launcher = Setup.repositoryLauncher();
    } else {
      launcher = setup.userLauncher();
    }
    Map<String, HookOutcome> done =
        new ClaudeHooks(f, setup.gitmlHome(), ClaudeHooks.CODEX).install(launcher);
    List<String> added = new ArrayList<>();
    done.forEach(
        (event, o) -> {
          if (o == HookOutcome.CREATED) {
            added.add(event);
          }
        });
    if (flag == HookOutcome.CREATED) {
      added.add("features.codex_hooks");
    } else if (flag == HookOutcome.FOREIGN) {
      throw new IOException(
          config.file()
              + ": codex_hooks = false there: gitml's hooks are in place but will not"
              + " run until it is true");
    }
    return added;
  }

  @Override
  public List<String> hooksInstalled(Scope scope) throws IOException {
    Optional<Path> f = hooksFile(scope);
    if (f.isEmpty()
        || !new CodexConfig(mcpFile(scope).orElseThrow(), setup.gitmlHome()).hooksEnabled()) {
      return List.of();
    }
    return new ClaudeHooks(f.get(), setup.gitmlHome(), ClaudeHooks.CODEX).installed();
  }

  @Override
  public List<String> uninstallHooks(Scope scope) throws IOException {
    Optional<Path> f = hooksFile(scope);
    if (f.isEmpty()) {
      return List.of();
    }
    List<String> removed =
        new ArrayList<>(
            new ClaudeHooks(f.get(), setup.gitmlHome(), ClaudeHooks.CODEX).uninstall().events());
    if (new CodexConfig(mcpFile(scope).orElseThrow(), setup.gitmlHome()).remove(true)) {
      removed.add("features.codex_hooks");
    }
    return removed;
  }

  @Override
  public boolean installMcp(Scope scope) throws IOException {
    Path f = mcpFile(scope).orElseThrow(() -> new IOException("not in a repository"));
    HookOutcome o = new CodexConfig(f, setup.gitmlHome()).addMcpServer(setup.gitml());
    if (o == HookOutcome.FOREIGN) {
      throw new IOException(f + ": an [mcp_servers.gitml] of yours is there, left as it is");
    }
    return o == HookOutcome.CREATED;
  }

  @Override
  public boolean mcpInstalled(Scope scope) throws IOException {
    Optional<Path> f = mcpFile(scope);
    return f.isPresent() && new CodexConfig(f.get(), setup.gitmlHome()).mcpServer();
  }

  @Override
  public boolean uninstallMcp(Scope scope) throws IOException {
    Optional<Path> f = mcpFile(scope);
    return f.isPresent() && new CodexConfig(f.get(), setup.gitmlHome()).remove(false);
  }
}
