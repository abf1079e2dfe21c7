package dev.gitml.collector.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The session files of an assistant that keeps one folder per session or project ({@code
 * <root>/<folder>/[<sub>/]<file>}), found by name and confined to the root by their real paths; and
 * a bounded look at a file's start, for the working directory it names.
 */
final class SessionFolders {
  private SessionFolders() {}

  /**
   * The files under {@code root}'s folders (and their {@code sub} folder, when not null) whose name
   * {@code file} accepts; a link out of the root, or what is not a regular file or folder, is given
   * to {@code refused}.
   */
  static List<Path> files(Path root, String sub, Predicate<String> file, Consumer<String> refused)
      throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    Confinement confinement = Confinement.to(root);
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(confinement.root())) {
      for (Path folder : folders) {
        if (!Files.isDirectory(folder)) {
          continue; // files beside the folders are not sessions
        }
        Optional<Path> dir = confinement.directory(folder);
        if (dir.isPresent() && sub != null) {
          Path s = dir.get().resolve(sub);
          dir = Files.isDirectory(s) ? confinement.directory(s) : Optional.empty();
        }
        if (dir.isEmpty()) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.get())) {
          for (Path f : files) {
            if (file.test(f.getFileName().toString())) {
              confinement.regularFile(f).ifPresent(out::add);
            }
          }
        }
      }
    }
    confinement.refused().forEach(refused);
    return out.stream().distinct().sorted().toList();
  }

  /** The first {@code max} bytes of {@code file} (a regular file, not followed if a link). */
  static String head(Path file, int max) throws IOException {
    try (InputStream in = Confinement.open(file, 0)) {
      return new String(in.readNBytes(max), StandardCharsets.UTF_8);
    }
  }

  /** The work trees as given and as their real paths, for paths an assistant recorded. */
  static List<Path> bothPaths(List<Path> workTrees) {
    List<Path> out = new ArrayList<>();
    for (Path t : workTrees) {
      out.add(t.toAbsolutePath().normalize());
      try {
        out.add(t.toRealPath());
      } catch (IOException gone) {
        // the path as given alone
      }
    }
    return out.stream().distinct().toList();
  }

  /** Whether {@code cwd} (a path an assistant recorded) is one of {@code workTrees} or inside. */
  static boolean inside(String cwd, List<Path> workTrees) {
    if (cwd == null || cwd.isBlank()) {
      return false;
    }
    try {
      return SessionSource.inside(Path.of(cwd.strip()).normalize(), bothPaths(workTrees));
    } catch (RuntimeException badPath) {
      return false;
    }
  }
}
