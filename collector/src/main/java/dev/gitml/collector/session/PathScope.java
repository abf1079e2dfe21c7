package dev.gitml.collector.session;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * How file paths from a transcript are stored: relative to the repository when inside it, else
 * relative to the session's working directory when inside that, else as they were.
 */
public record PathScope(Path repoRoot, Path cwd) {

  /** The same scope with the session's working directory. */
  public PathScope withCwd(String dir) {
    return new PathScope(repoRoot, dir == null || dir.isBlank() ? cwd : parse(dir));
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
    for (Path base : new Path[] {repoRoot, cwd}) {
      if (base != null && p.startsWith(base) && !p.equals(base)) {
        return base.relativize(p).toString();
      }
    }
    return p.toString();
  }

  private static Path parse(String s) {
    try {
      return Path.of(s).normalize();
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
