package dev.gitml.collector.sync;

import dev.gitml.collector.repo.GitCommand;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Commits the tracked part of {@code .git-ml/} (config, lite records, the launcher copy; the
 * data directory's own {@code .gitignore} keeps the rest out) so that it travels with the
 * repository. Only {@code .git-ml/} goes into the commit: whatever the user has staged stays
 * staged. The message starts with the first ML-only prefix (default {@code data: ML}), so the
 * hooks never capture the commit, and git runs with {@code GITML_IN_HOOK=1}, so they do not even
 * note it. The user's pre-commit hooks are skipped ({@code --no-verify}): they lint code, and
 * this commit holds none.
 */
public final class DataSync {
  private final Workspace ws;

  public DataSync(Workspace ws) {
    this.ws = ws;
  }

  /** What a sync did: the new commit (null when there was nothing to commit) and its files. */
  public record Result(String commit, List<String> files, String message) {}

  public Result run() throws IOException {
    if (ws.gitDir() == null) {
      throw new Workspace.NotARepositoryException("not a git repository: " + ws.workTree());
    }
    try (Store store = Store.open(ws.dataDir())) {
      String prefix = store.config().mlCommitPrefixes().stream()
          .filter(p -> !p.isEmpty()).findFirst().orElse("data: ML");
      return store.whileLocked(() -> commit(prefix));
    }
  }

  private Result commit(String prefix) throws IOException {
    String path = DataDir.NAME;
    git("add", "-A", "--", path);
    String staged = git("diff", "--cached", "--name-only", "-z", "--", path);
    List<String> files = Arrays.stream(staged.split("\0")).filter(f -> !f.isEmpty()).toList();
    if (files.isEmpty()) {
      return new Result(null, List.of(), null);
    }
    String message = prefix + " tracking data (" + files.size()
        + (files.size() == 1 ? " file)" : " files)");
    git("commit", "--quiet", "--no-verify", "--only", "-m", message, "--", path);
    String head = git("rev-parse", "HEAD").strip();
    return new Result(head, files, message);
  }

  private String git(String... args) throws IOException {
    GitCommand.Output out = GitCommand.run(ws.workTree(), args);
    if (!out.ok()) {
      throw new IOException("git " + String.join(" ", args) + " failed: "
          + out.text().strip().replace('\n', ' '));
    }
    return out.text();
  }
}
