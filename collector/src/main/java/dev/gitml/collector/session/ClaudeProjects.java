package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where Claude Code keeps its transcripts: {@code $CLAUDE_CONFIG_DIR/projects}, else
 * {@code ~/.claude/projects}. A transcript named by a hook is read only if it is a regular file
 * under that directory (or another configured root), reached without a symbolic link out of it:
 * a hook's input must not make gitml read an arbitrary file.
 */
public final class ClaudeProjects {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Lines read from the start of a transcript to find its working directory. */
  private static final int HEAD_LINES = 50;

  private final List<Path> roots;

  public ClaudeProjects(List<Path> roots) {
    this.roots = List.copyOf(roots);
  }

  /** The default root for this environment. */
  public static ClaudeProjects of(Map<String, String> env, String userHome) {
    String configDir = env.get("CLAUDE_CONFIG_DIR");
    Path base = configDir != null && !configDir.isBlank() ? Path.of(configDir)
        : Path.of(userHome, ".claude");
    return new ClaudeProjects(List.of(base.resolve("projects")));
  }

  public List<Path> roots() {
    return roots;
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
    public RefusedException(String message) {
      super(message);
    }
  }

  /**
   * The session transcripts whose working directory is {@code workTree} or inside it, found by
   * the {@code cwd} of their first lines (subagent transcripts are read with their sessions).
   */
  public List<Path> transcriptsFor(Path workTree) throws IOException {
    Path repo = workTree.toAbsolutePath().normalize();
    List<Path> out = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (DirectoryStream<Path> projects = Files.newDirectoryStream(root)) {
        for (Path project : projects) {
          if (!Files.isDirectory(project)) {
            continue;
          }
          try (DirectoryStream<Path> files = Files.newDirectoryStream(project, "*.jsonl")) {
            for (Path f : files) {
              Optional<Path> cwd = cwd(f);
              if (cwd.isPresent() && cwd.get().startsWith(repo)) {
                out.add(f);
              }
            }
          }
        }
      }
    }
    out.sort(null);
    return out;
  }

  /** The working directory a transcript names in its first lines. */
  static Optional<Path> cwd(Path transcript) {
    try (BufferedReader r = Files.newBufferedReader(transcript, StandardCharsets.UTF_8)) {
      for (int i = 0; i < HEAD_LINES; i++) {
        String line = r.readLine();
        if (line == null) {
          break;
        }
        try {
          JsonNode n = JSON.readTree(line);
          if (n != null && n.path("cwd").isTextual()) {
            return Optional.of(Path.of(n.path("cwd").textValue()).normalize());
          }
        } catch (IOException | RuntimeException notJson) {
          // keep looking
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // not a transcript we can use
    }
    return Optional.empty();
  }
}
