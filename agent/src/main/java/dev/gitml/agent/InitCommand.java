package dev.gitml.agent;

import dev.gitml.collector.repo.Workspace;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code gitml init}: creates the {@code .git-ml/} data directory of this repository. */
@Command(name = "init", description = "Set up gitml in this repository (creates .git-ml/).")
final class InitCommand implements Callable<Integer> {
  @ParentCommand GitmlCommand gitml;

  @Option(names = "--no-hooks", description = "Do not install the git hooks.")
  boolean noHooks;

  @Option(names = "--no-backfill", description = "Do not import the existing history.")
  boolean noBackfill;

  @Override
  public Integer call() throws Exception {
    Workspace ws = gitml.workspace();
    if (ws.gitDir() == null) {
      throw new Workspace.NotARepositoryException(
          "not a git repository: " + gitml.startDirectory());
    }
    boolean created = ws.dataDir().initialize();
    gitml.out().println((created ? "Created " : "Already set up: ") + ws.dataDir().root());
    if (!noHooks || !noBackfill) {
      gitml.out().println(
          "Hooks and history backfill are not in this build yet: nothing is captured"
              + " automatically. Import data with `gitml migrate --from PATH`.");
    }
    return Cli.OK;
  }
}
