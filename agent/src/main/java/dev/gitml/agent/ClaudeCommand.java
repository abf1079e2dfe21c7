package dev.gitml.agent;

import dev.gitml.collector.hooks.ClaudeHooks;
import dev.gitml.collector.hooks.ClaudeSetup;
import dev.gitml.collector.repo.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gitml claude install|uninstall [--user]}: gitml's hooks in Claude Code's settings. */
@Command(
    name = "claude",
    description = "Claude Code's hooks for gitml.",
    subcommands = {ClaudeCommand.Install.class, ClaudeCommand.Uninstall.class})
final class ClaudeCommand extends GitmlSubcommand implements Runnable {

  @Override
  public void run() {
    commandSpec().commandLine().usage(gitml().out());
  }

  /** Registers the hooks in the project's (or, with {@code user}, the user's) settings. */
  private static void install(GitmlCommand gitml, boolean user) throws IOException {
    ClaudeSetup.Installed r =
        user
            ? ClaudeSetup.installForUser(gitml.home().dir(), gitml.env(), gitml.userHome())
            : ClaudeSetup.installForProject(setUp(gitml), gitml.home().dir());
    gitml.out().println(r.summary());
  }

  private static Workspace setUp(GitmlCommand gitml) throws IOException {
    Workspace ws = gitml.workspace();
    if (ws.gitDir() == null || !ws.dataDir().exists()) {
      throw new Cli.FailedException("not set up here: run `gitml init` first");
    }
    return ws;
  }

  @Command(
      name = "install",
      description =
          "Register gitml's hooks in .claude/settings.json"
              + " (merged with what is there; safe to run again).")
  static final class Install extends GitmlSubcommand implements Callable<Integer> {
    @Option(names = "--user", description = "In ~/.claude/settings.json, for every project.")
    boolean user;

    @Override
    public Integer call() throws Exception {
      install(gitml(), user);
      return Cli.OK;
    }
  }

  @Command(name = "uninstall", description = "Remove gitml's hooks (only them) from the settings.")
  static final class Uninstall extends GitmlSubcommand implements Callable<Integer> {
    @Option(names = "--user", description = "From ~/.claude/settings.json.")
    boolean user;

    @Override
    public Integer call() throws Exception {
      GitmlCommand gitml = gitml();
      Path settings =
          user
              ? ClaudeSetup.userSettings(gitml().env(), gitml().userHome())
              : ClaudeSetup.projectSettings(gitml().workspace());
      ClaudeHooks.Removed removed = new ClaudeHooks(settings, gitml.home().dir()).uninstall();
      List<String> events = removed.events();
      gitml
          .out()
          .printf(
              "%s: %s%s%n",
              settings,
              events.isEmpty()
                  ? "no gitml hooks"
                  : "gitml's hooks removed from " + String.join(", ", events),
              removed.fileDeleted()
                  ? "; deleted (gitml had created it, and it holds nothing now)"
                  : "");
      return Cli.OK;
    }
  }
}
