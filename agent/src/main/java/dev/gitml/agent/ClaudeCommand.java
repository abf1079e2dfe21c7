package dev.gitml.agent;

import dev.gitml.collector.hooks.ClaudeHooks;
import dev.gitml.collector.hooks.HookOutcome;
import dev.gitml.collector.hooks.HookInstaller;
import dev.gitml.collector.repo.Workspace;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gitml claude install|uninstall [--user]}: gitml's hooks in Claude Code's settings. */
@Command(name = "claude", description = "Claude Code's hooks for gitml.",
    subcommands = {ClaudeCommand.Install.class, ClaudeCommand.Uninstall.class})
final class ClaudeCommand implements Runnable {
  @ParentCommand GitmlCommand gitml;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(gitml.out());
  }

  /** Registers the hooks in the project's (or, with {@code user}, the user's) settings. */
  static void install(GitmlCommand gitml, boolean user) throws IOException {
    Path settings;
    String launcher;
    if (user) {
      settings = userSettings(gitml);
      Path copy = HookInstaller.writeLauncher(gitml.home().dir().resolve("bin/gitml-hook"));
      launcher = "sh '" + copy.toString().replace("'", "'\\''") + "'";
    } else {
      Workspace ws = setUp(gitml);
      settings = ws.workTree().resolve(".claude/settings.json");
      HookInstaller.writeLauncher(ws.dataDir().root().resolve("bin/gitml-hook"));
      launcher = ClaudeHooks.projectLauncher();
    }
    Map<String, HookOutcome> done = new ClaudeHooks(settings).install(launcher);
    PrintStream out = gitml.out();
    List<String> added = done.entrySet().stream()
        .filter(e -> e.getValue() == HookOutcome.CREATED).map(Map.Entry::getKey).toList();
    out.printf("%s: %s%n", settings, added.isEmpty() ? "gitml's hooks were already there"
        : "gitml's hooks added for " + String.join(", ", added));
  }

  private static Path userSettings(GitmlCommand gitml) {
    String dir = gitml.env().get("CLAUDE_CONFIG_DIR");
    return (dir != null && !dir.isBlank() ? Path.of(dir)
        : Path.of(System.getProperty("user.home"), ".claude")).resolve("settings.json");
  }

  private static Workspace setUp(GitmlCommand gitml) throws IOException {
    Workspace ws = gitml.workspace();
    if (ws.gitDir() == null || !ws.dataDir().exists()) {
      throw new Cli.FailedException("not set up here: run `gitml init` first");
    }
    return ws;
  }

  @Command(name = "install", description = "Register gitml's hooks in .claude/settings.json"
      + " (merged with what is there; safe to run again).")
  static final class Install implements Callable<Integer> {
    @ParentCommand ClaudeCommand claude;

    @Option(names = "--user", description = "In ~/.claude/settings.json, for every project.")
    boolean user;

    @Override
    public Integer call() throws Exception {
      install(claude.gitml, user);
      return Cli.OK;
    }
  }

  @Command(name = "uninstall", description = "Remove gitml's hooks (only them) from the settings.")
  static final class Uninstall implements Callable<Integer> {
    @ParentCommand ClaudeCommand claude;

    @Option(names = "--user", description = "From ~/.claude/settings.json.")
    boolean user;

    @Override
    public Integer call() throws Exception {
      GitmlCommand gitml = claude.gitml;
      Path settings = user ? userSettings(gitml)
          : gitml.workspace().workTree().resolve(".claude/settings.json");
      List<String> removed = new ClaudeHooks(settings).uninstall();
      gitml.out().printf("%s: %s%n", settings, removed.isEmpty() ? "no gitml hooks"
          : "gitml's hooks removed from " + String.join(", ", removed));
      return Cli.OK;
    }
  }
}
