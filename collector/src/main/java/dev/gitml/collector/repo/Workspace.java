package dev.gitml.collector.repo;

import dev.gitml.storage.DataDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Where gitml works when started in a directory: the git work tree that contains it and its {@code
 * .git-ml/} data directory. Found as git finds it, walking up to the first {@code .git} (a
 * directory, or a file {@code gitdir: …} in a worktree or submodule), without starting JGit: a
 * report such as {@code gitml stats} must not pay for a repository it does not read. Outside any
 * repository, the nearest ancestor holding a {@code .git-ml/config.json} still counts, so a copied
 * data directory can be inspected.
 */
public record Workspace(Path workTree, Path gitDir, DataDir dataDir) {

  /** Finds the workspace containing {@code start}. */
  public static Optional<Workspace> find(Path start) throws IOException {
    Path dir = start.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new IOException("not a directory: " + dir);
    }
    for (Path p = dir; p != null; p = p.getParent()) {
      Path dotGit = p.resolve(".git");
      if (Files.isDirectory(dotGit)) {
        return Optional.of(new Workspace(p, dotGit, DataDir.of(p)));
      }
      if (Files.isRegularFile(dotGit)) {
        Path gitDir = gitDirFromFile(dotGit);
        return Optional.of(new Workspace(p, gitDir, dataDirOfLinked(p, gitDir)));
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
    return find(start)
        .orElseThrow(
            () ->
                new NotARepositoryException(
                    "not a git repository (or any parent up to /): "
                        + start.toAbsolutePath().normalize()));
  }

  /**
   * Opens the repository with JGit. The environment's {@code GIT_DIR} and friends are ignored:
   * inside a hook git sets them for its own process, not for the repository found here.
   */
  public Repository openRepository() throws IOException {
    if (gitDir == null) {
      throw new NotARepositoryException("not a git repository: " + workTree);
    }
    return new FileRepositoryBuilder()
        .setGitDir(gitDir.toFile())
        .setWorkTree(workTree.toFile())
        .setMustExist(true)
        .build();
  }

  /**
   * The repository's work trees: the main one first, then those {@code git worktree add} linked to
   * it (listed in the common git dir's {@code worktrees/<name>/gitdir}), whichever of them this
   * workspace is. An assistant's session that ran in any of them belongs to the repository.
   */
  public java.util.List<Path> workTrees() {
    java.util.List<Path> out = new java.util.ArrayList<>();
    Path common = gitDir;
    try {
      if (gitDir != null && Files.isRegularFile(gitDir.resolve("commondir"))) {
        common =
            gitDir
                .resolve(
                    Files.readString(gitDir.resolve("commondir"), StandardCharsets.UTF_8).strip())
                .normalize();
      }
    } catch (IOException unreadable) {
      common = gitDir;
    }
    Path main =
        common != null
                && common.getFileName() != null
                && common.getFileName().toString().equals(".git")
            ? common.getParent()
            : workTree;
    out.add(main.toAbsolutePath().normalize());
    if (common == null) {
      return out;
    }
    try (java.util.stream.Stream<Path> linked = Files.list(common.resolve("worktrees"))) {
      for (Path entry : linked.sorted().toList()) {
        Path gitdirFile = entry.resolve("gitdir");
        if (Files.isRegularFile(gitdirFile)) {
          Path dotGit = Path.of(Files.readString(gitdirFile, StandardCharsets.UTF_8).strip());
          Path tree =
              (dotGit.isAbsolute() ? dotGit : entry.resolve(dotGit)).normalize().getParent();
          if (tree != null && !out.contains(tree)) {
            out.add(tree);
          }
        }
      }
    } catch (IOException noneLinked) {
      // no worktrees folder: the main work tree alone
    }
    if (!out.contains(workTree.toAbsolutePath().normalize())) {
      out.add(workTree.toAbsolutePath().normalize());
    }
    return out;
  }

  /**
   * The data directory of a work tree whose {@code .git} is a file. A linked worktree ({@code git
   * worktree add}) shares its repository's data: the main work tree's {@code .git-ml/}, found
   * through the git dir's {@code commondir}. A submodule has its own.
   */
  private static DataDir dataDirOfLinked(Path workTree, Path gitDir) throws IOException {
    Path commondir = gitDir.resolve("commondir");
    if (Files.isRegularFile(commondir)) {
      Path common =
          gitDir.resolve(Files.readString(commondir, StandardCharsets.UTF_8).strip()).normalize();
      Path mainTree = common.getParent();
      if (common.getFileName() != null
          && common.getFileName().toString().equals(".git")
          && mainTree != null
          && DataDir.of(mainTree).exists()) {
        return DataDir.of(mainTree);
      }
    }
    return DataDir.of(workTree);
  }

  /** A {@code .git} file (gitrepository-layout(5)): one line {@code gitdir: <path>}. */
  private static Path gitDirFromFile(Path dotGit) throws IOException {
    String content = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
    if (!content.startsWith("gitdir:")) {
      throw new IOException(dotGit + ": not a gitdir file");
    }
    Path target = Path.of(content.substring("gitdir:".length()).strip());
    return dotGit.getParent().resolve(target).normalize();
  }

  /** The directory is in no git repository. */
  public static final class NotARepositoryException extends IOException {
    private static final long serialVersionUID = 1L;

    public NotARepositoryException(String message) {
      super(message);
    }
  }
}
