package dev.gitml.collector.assistant;

import dev.gitml.collector.hooks.HookInstaller;
import dev.gitml.collector.repo.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What registering gitml with the assistants needs: the repository (absent for the user's
 * settings), gitml's home, the environment and the user's home (that of the run, never the
 * account's: tests and sandboxes give their own), and the command that starts gitml.
 */
public record Setup(Workspace workspace, Path gitmlHome, Map<String, String> env, Path userHome) {

  /** The program assistants start for {@code gitml mcp}. */
  public String gitml() {
    String bin = env.get("GITML_BIN");
    return bin != null && !bin.isBlank() && !bin.equals("/bin/false") ? bin : "gitml";
  }

  /** The repository's work tree; fails for the user's settings, which name none. */
  Path workTree() throws IOException {
    if (workspace == null || workspace.gitDir() == null || !workspace.dataDir().exists()) {
      throw new IOException("not set up here: run `gitml init` first");
    }
    return workspace.workTree();
  }

  /** The launcher copy in the repository's {@code .git-ml/bin/}, written (again) now. */
  void projectLauncher() throws IOException {
    HookInstaller.writeLauncher(workspace.dataDir().root().resolve("bin/gitml-hook"));
  }

  /** The command that runs the launcher copy in gitml's home, written (again) now. */
  String userLauncher() throws IOException {
    Path copy = HookInstaller.writeLauncher(gitmlHome.resolve("bin/gitml-hook"));
    return "sh '" + copy.toString().replace("'", "'\\''") + "'";
  }

  /**
   * A project's command for assistants that run hooks in the session's folder (any folder of the
   * repository, a linked worktree too): it finds the main work tree through git and runs the
   * launcher copy there. A clone without it (not set up) has its input read and exits 0.
   */
  static String repositoryLauncher() {
    return "d=$(cd \"$(git rev-parse --git-common-dir 2>/dev/null)/..\" 2>/dev/null && pwd);"
        + " [ -f \"$d/.git-ml/bin/gitml-hook\" ] || exec cat >/dev/null;"
        + " cd \"$d\" && exec sh .git-ml/bin/gitml-hook";
  }

  /** The environment's value, or {@code fallback} when it is unset or blank. */
  Path dir(String variable, Path fallback) {
    String v = env.get(variable);
    return v != null && !v.isBlank() ? Path.of(v) : fallback;
  }
}
