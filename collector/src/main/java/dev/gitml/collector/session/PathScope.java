package dev.gitml.collector.session;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How file paths from a transcript are stored: relative to the repository when inside it (its main
 * work tree, or one of its linked worktrees: a session in {@code ../feature-x} names the same files
 * as one in the main tree), else relative to the session's working directory when inside that, else
 * as they were.
 */
public record PathScope(Path repoRoot, Path cwd, List<Path> linked) {

  public PathScope {
    linked = linked == null ? List.of() : List.copyOf(linked);
  }

  public PathScope(Path repoRoot, Path cwd) {
    this(repoRoot, cwd, List.of());
  }

  /** The same scope with the session's working directory. */
  public PathScope withCwd(String dir) {
    return new PathScope(repoRoot, dir == null || dir.isBlank() ? cwd : parse(dir), linked);
  }

  public String relative(String file) {
    if (file == null || file.isBlank()) {
      return file;
    }
    Path p = parse(file);
    if (p == null) {
      return file;
    }
    if (!p.isAbsolute() && cwd != null) {
      p = cwd.resolve(p);
    }
    p = p.normalize();
    List<Path> bases = new ArrayList<>();
    bases.add(repoRoot);
    bases.addAll(linked);
    bases.add(cwd);
    // the deepest tree first: a worktree kept inside the main one names its files from itself
    bases.removeIf(b -> b == null);
    bases.sort((a, b) -> b.getNameCount() - a.getNameCount());
    for (Path base : bases) {
      if (p.startsWith(base) && !p.equals(base) && (base != cwd || !insideTrees(p))) {
        return base.relativize(p).toString();
      }
    }
    return p.toString();
  }

  /** Whether {@code p} is in the repository's trees (so the session's folder does not name it). */
  private boolean insideTrees(Path p) {
    if (repoRoot != null && p.startsWith(repoRoot)) {
      return true;
    }
    for (Path t : linked) {
      if (p.startsWith(t)) {
        return true;
      }
    }
    return false;
  }

  private static Path parse(String s) {
    try {
      return Path.of(s).normalize();
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
