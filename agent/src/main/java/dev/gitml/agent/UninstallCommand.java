package dev.gitml.agent;

import dev.gitml.collector.hooks.HookInstaller;
import dev.gitml.collector.hooks.HookOutcome;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.storage.DataDir;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gitml uninstall [--purge]}: removes the hooks, restoring what was there. */
@Command(
    name = "uninstall",
    description =
        "Remove gitml's git hooks and put back the ones that were there;"
            + " --purge also deletes .git-ml/.")
final class UninstallCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(names = "--purge", description = "Also delete the data directory .git-ml/.")
  boolean purge;

  @Override
  public Integer call() throws Exception {
    Workspace ws = gitml().workspace();
    if (ws.gitDir() == null) {
      throw new Workspace.NotARepositoryException("not a git repository: " + ws.workTree());
    }
    Map<String, HookOutcome> done = new HookInstaller(ws).uninstall();
    gitml().home().repositories().remove(ws.workTree());
    done.forEach((hook, what) -> gitml().out().println(hook + ": " + what));
    if (done.isEmpty()) {
      gitml().out().println("no gitml hooks were installed");
    }
    if (purge && Files.exists(ws.dataDir().root())) {
      DataDir.deleteTree(ws.dataDir().root());
      gitml().out().println("deleted " + ws.dataDir().root());
    }
    return Cli.OK;
  }
}
