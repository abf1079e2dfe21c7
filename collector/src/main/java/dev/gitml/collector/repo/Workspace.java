package dev.gitml.collector.repo;

import dev.gitml.storage.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Where gitml works when started in a directory: the git work tree that contains it (found as
 * git finds it, through {@code .git} files of worktrees and submodules too) and its
 * {@code .git-ml/} data directory. Outside any repository, the nearest ancestor holding a
 * {@code .git-ml/config.json} still counts, so a copied data directory can be inspected.
 */
public record Workspace(Path workTree, Path gitDir, DataDir dataDir) {

  /** Finds the workspace containing {@code start}. */
  public static Optional<Workspace> find(Path start) throws IOException {
    Path dir = start.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new IOException("not a directory: " + dir);
    }
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(dir.toFile());
    if (builder.getGitDir() != null) {
      try (Repository repo = builder.setMustExist(true).build()) {
        if (!repo.isBare()) {
          Path work = repo.getWorkTree().toPath().toAbsolutePath().normalize();
          return Optional.of(new Workspace(work, repo.getDirectory().toPath(), DataDir.of(work)));
        }
      }
    }
    for (Path p = dir; p != null; p = p.getParent()) {
      DataDir d = DataDir.of(p);
      if (d.exists()) {
        return Optional.of(new Workspace(p, null, d));
      }
    }
    return Optional.empty();
  }

  /** Like {@link #find} but fails with a clear message outside any repository. */
  public static Workspace require(Path start) throws IOException {
    return find(start).orElseThrow(() -> new NotARepositoryException(
        "not a git repository (or any parent up to /): " + start.toAbsolutePath().normalize()));
  }

  /** The directory is in no git repository. */
  public static final class NotARepositoryException extends IOException {
    public NotARepositoryException(String message) {
      super(message);
    }
  }
}
