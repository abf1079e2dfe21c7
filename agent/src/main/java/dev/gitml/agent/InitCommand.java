package dev.gitml.agent;

import dev.gitml.collector.capture.Backfill;
import dev.gitml.collector.hooks.ClaudeSetup;
import dev.gitml.collector.hooks.HookInstaller;
import dev.gitml.collector.hooks.HookOutcome;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.collector.sync.Untrack;
import dev.gitml.storage.Store;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gitml init}: creates the {@code .git-ml/} data directory of this repository. */
@Command(name = "init", description = "Set up gitml in this repository (creates .git-ml/).")
final class InitCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(names = "--no-hooks", description = "Do not install the git hooks.")
  boolean noHooks;

  @Option(names = "--no-backfill", description = "Do not import the existing history.")
  boolean noBackfill;

  @Option(
      names = "--claude",
      description = "Also register gitml's hooks in Claude Code (.claude/settings.json).")
  boolean claude;

  @Option(
      names = "--assistants",
      description =
          "Also register gitml's hooks in every coding assistant found here"
              + " (as `gitml assistants install`).")
  boolean assistants;

  @Override
  public Integer call() throws Exception {
    Workspace ws = gitml().workspace();
    if (ws.gitDir() == null) {
      throw new Workspace.NotARepositoryException(
          "not a git repository: " + gitml().startDirectory());
    }
    boolean created = ws.dataDir().initialize();
    gitml().out().println((created ? "Created " : "Already set up: ") + ws.dataDir().root());
    if (!noBackfill) {
      try (Store store = Store.open(ws.dataDir());
          Repository repo = ws.openRepository()) {
        BackfillView.run(gitml(), store, repo, Backfill.Options.all());
      }
    }
    if (!noHooks) {
      HookInstaller.Report r = new HookInstaller(ws).install();
      r.actions()
          .forEach(
              (hook, action) ->
                  gitml()
                      .out()
                      .printf(
                          "hook %s: %s%s%n",
                          hook,
                          action == HookOutcome.CHAINED
                              ? "installed, running the hook that was there first"
                              : "installed",
                          ""));
      gitml().home().create();
      gitml().home().repositories().add(ws.workTree());
      gitml().out().println("registered with the daemon (" + gitml().home().dir() + ")");
    }
    java.util.List<String> tracked =
        new Untrack(ws).tracked().stream().filter(p -> !p.equals(Untrack.CONFIG)).toList();
    if (!tracked.isEmpty()) {
      gitml().out().println(LegacyData.advice(tracked));
    }
    if (claude && !assistants) {
      gitml().out().println(ClaudeSetup.installForProject(ws, gitml().home().dir()).summary());
    }
    if (assistants && !AssistantsCommand.install(gitml(), false, false)) {
      return Cli.FAILURE;
    }
    return Cli.OK;
  }
}
