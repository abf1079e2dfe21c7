package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where Claude Code keeps its transcripts: {@code $CLAUDE_CONFIG_DIR/projects}, else {@code
 * ~/.claude/projects}. A transcript named by a hook is read only if it is a regular file under that
 * directory (or another configured root), reached without a symbolic link out of it: a hook's input
 * must not make gitml read an arbitrary file.
 */
public final class ClaudeProjects implements SessionSource {
  private static final ObjectMapper JSON = Mappers.JSON;

  /** Lines read from the start of a transcript to find its working directory. */
  private static final int HEAD_LINES = 50;

  private final List<Path> roots;

  public ClaudeProjects(List<Path> roots) {
    this.roots = List.copyOf(roots);
  }

  /** The default root for this environment. */
  public static ClaudeProjects of(Map<String, String> env, String userHome) {
    String configDir = env.get("CLAUDE_CONFIG_DIR");
    Path base =
        configDir != null && !configDir.isBlank()
            ? Path.of(configDir)
            : Path.of(userHome, ".claude");
    return new ClaudeProjects(List.of(base.resolve("projects")));
  }

  @Override
  public String assistant() {
    return "claude-code";
  }

  @Override
  public List<Path> roots() {
    return roots;
  }

  /** Every {@code <project>/*.jsonl} under the roots (subagents' are read with their session). */
  @Override
  public List<Path> sessions(Consumer<String> refused) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      Confinement confinement = Confinement.to(root);
      try (DirectoryStream<Path> projects = Files.newDirectoryStream(confinement.root())) {
        for (Path project : projects) {
          Optional<Path> dir =
              Files.isDirectory(project) ? confinement.directory(project) : Optional.empty();
          if (dir.isEmpty()) {
            continue;
          }
          try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.get(), "*.jsonl")) {
            for (Path f : files) {
              confinement.regularFile(f).ifPresent(out::add);
            }
          }
        }
      }
      confinement.refused().forEach(refused);
    }
    return out.stream().distinct().sorted().toList();
  }

  @Override
  public boolean belongs(Path session, List<Path> workTrees) {
    return cwd(session).filter(c -> SessionSource.inside(c, workTrees)).isPresent();
  }

  /** The transcript as a real path if it may be read; empty with the reason otherwise. */
  public Path allowed(String transcriptPath) throws RefusedException {
    if (transcriptPath == null || transcriptPath.isBlank()) {
      throw new RefusedException("no transcript_path");
    }
    Path p = Path.of(transcriptPath);
    if (!p.isAbsolute()) {
      throw new RefusedException("transcript_path is not absolute: " + transcriptPath);
    }
    Path real;
    try {
      real = p.toRealPath();
    } catch (IOException e) {
      throw new RefusedException("transcript_path cannot be read: " + transcriptPath);
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new RefusedException("transcript_path is not a regular file: " + transcriptPath);
    }
    for (Path root : roots) {
      try {
        if (real.startsWith(root.toRealPath())) {
          return real;
        }
      } catch (IOException missingRoot) {
        // a root that does not exist allows nothing
      }
    }
    throw new RefusedException("transcript_path is outside " + roots + ": " + transcriptPath);
  }

  /** A transcript that may not be read, and why. */
  public static final class RefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    public RefusedException(String message) {
      super(message);
    }
  }

  /**
   * The session transcripts whose working directory is {@code workTree} or inside it, found by the
   * {@code cwd} of their first lines (subagent transcripts are read with their sessions). Project
   * folders and transcripts are confined to the root by their real paths: a link out of the root,
   * or a transcript that is not a regular file (a FIFO would block), is passed over and given to
   * {@code refused} with the reason.
   */
  public List<Path> transcriptsFor(Path workTree, Consumer<String> refused) throws IOException {
    Path repo = workTree.toAbsolutePath().normalize();
    List<Path> out = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      Confinement confinement = Confinement.to(root);
      try (DirectoryStream<Path> projects = Files.newDirectoryStream(confinement.root())) {
        for (Path project : projects) {
          if (!Files.isDirectory(project)) {
            continue; // files beside the project folders, and links to files, are not projects
          }
          Optional<Path> dir = confinement.directory(project);
          if (dir.isEmpty()) {
            continue;
          }
          try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.get(), "*.jsonl")) {
            for (Path f : files) {
              Optional<Path> real = confinement.regularFile(f);
              if (real.isPresent() && cwd(real.get()).filter(c -> c.startsWith(repo)).isPresent()) {
                out.add(real.get());
              }
            }
          }
        }
      }
      confinement.refused().forEach(refused);
    }
    // a project folder linked from another inside the root gives its transcripts twice
    return out.stream().distinct().sorted().toList();
  }

  /**
   * The working directory a transcript names in its first lines; {@code transcript} is a real path,
   * opened only if it is a regular file, and read a bounded line at a time.
   */
  static Optional<Path> cwd(Path transcript) {
    try (InputStream in = Confinement.open(transcript, 0)) {
      BoundedLines lines = new BoundedLines(in, 0);
      for (int i = 0; i < HEAD_LINES && lines.next(); i++) {
        if (lines.oversized()) {
          continue;
        }
        try {
          JsonNode n = JSON.readTree(lines.bytes(), 0, lines.length());
          if (n != null && n.path("cwd").isTextual()) {
            return Optional.of(Path.of(n.path("cwd").textValue()).normalize());
          }
        } catch (IOException | RuntimeException notJson) {
          // keep looking
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // not a transcript we can use: the caller finds none for this file
    }
    return Optional.empty();
  }
}
