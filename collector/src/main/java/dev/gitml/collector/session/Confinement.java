package dev.gitml.collector.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The folder that transcript files may be read from, judged by real paths: a file or folder is read
 * only if its real path (every symbolic link resolved) is inside the root's real path, and a file
 * only if it is a regular file, so that a link in the projects folder cannot make gitml read a file
 * elsewhere, and a FIFO or device named {@code *.jsonl} cannot block it in {@code open()}. What is
 * refused is kept with its reason, one line each, for the caller to log.
 */
public final class Confinement {
  private final Path realRoot;
  private final List<String> refused = new ArrayList<>();

  private Confinement(Path realRoot) {
    this.realRoot = realRoot;
  }

  /** Confinement to {@code root}, which must exist. */
  public static Confinement to(Path root) throws IOException {
    return new Confinement(root.toRealPath());
  }

  public Path root() {
    return realRoot;
  }

  /** What was refused so far, one line each: the path and why. */
  public List<String> refused() {
    return List.copyOf(refused);
  }

  /** The real path of {@code file} if it is a regular file inside the root; else empty. */
  public Optional<Path> regularFile(Path file) {
    try {
      return Optional.of(check(file, false));
    } catch (ClaudeProjects.RefusedException e) {
      refused.add(e.getMessage());
      return Optional.empty();
    }
  }

  /** The real path of {@code dir} if it is a directory inside the root; else empty. */
  public Optional<Path> directory(Path dir) {
    try {
      return Optional.of(check(dir, true));
    } catch (ClaudeProjects.RefusedException e) {
      refused.add(e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The real path of the directory {@code name} in {@code realDir}, a real path inside the root
   * (from {@link #directory}), as {@link #directory} gives it: a name that is one entry, not {@code
   * .} or {@code ..}, of a directory that is no link is inside {@code realDir}, so one {@code
   * lstat} tells, not a resolution of every part of the path (a tree of many small folders, such as
   * OpenCode's, is read a folder at a time). A link is judged by where it leads.
   */
  public Optional<Path> childDirectory(Path realDir, String name) {
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Path child;
    try {
      child = realDir.resolve(name);
    } catch (java.nio.file.InvalidPathException e) { // a NUL in a name from a session's JSON
      refused.add(realDir + "/" + name + ": not a file name");
      return Optional.empty();
    }
    if (name.equals(".")
        || name.equals("..")
        || name.indexOf('/') >= 0
        || name.indexOf('\\') >= 0
        || name.indexOf(':') >= 0
        || !realDir.startsWith(realRoot)) {
      return directory(child);
    }
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return Optional.empty(); // absent: nothing to read
    }
    if (a.isDirectory()) {
      return Optional.of(child);
    }
    return a.isSymbolicLink() ? directory(child) : Optional.empty();
  }

  private Path check(Path p, boolean directory) throws ClaudeProjects.RefusedException {
    Path real;
    try {
      real = p.toRealPath();
    } catch (IOException e) {
      throw new ClaudeProjects.RefusedException(p + ": cannot be resolved (" + e + ")");
    }
    if (!real.startsWith(realRoot)) {
      throw new ClaudeProjects.RefusedException(p + ": links to " + real + ", outside " + realRoot);
    }
    boolean ok =
        directory
            ? Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)
            : Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS);
    if (!ok) {
      throw new ClaudeProjects.RefusedException(
          p + ": not a " + (directory ? "directory" : "regular file"));
    }
    return real;
  }

  /**
   * Opens {@code file} for reading if it is a regular file, without following a link: the type is
   * checked just before {@code open()} and the file's identity (device and inode) again after it,
   * and the stream is positioned at {@code offset}. What remains is a narrow race: a regular file
   * replaced by a FIFO between the check and {@code open()} would still block it until a writer
   * comes. Java cannot open with {@code O_NONBLOCK}; only someone who can write to the user's own
   * projects folder can win that race.
   */
  static InputStream open(Path file, long offset) throws IOException {
    BasicFileAttributes before = regular(file);
    SeekableByteChannel ch =
        Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    try {
      BasicFileAttributes after = regular(file);
      if (!Objects.equals(before.fileKey(), after.fileKey())) {
        throw new ClaudeProjects.RefusedException(file + ": replaced while being opened");
      }
      ch.position(offset);
      return Channels.newInputStream(ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static BasicFileAttributes regular(Path file) throws IOException {
    BasicFileAttributes a =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!a.isRegularFile()) {
      throw new ClaudeProjects.RefusedException(file + ": not a regular file");
    }
    return a;
  }
}
