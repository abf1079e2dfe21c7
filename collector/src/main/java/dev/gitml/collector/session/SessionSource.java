package dev.gitml.collector.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where one assistant keeps its sessions on this machine, and how to tell the repository a session
 * worked in. The daemon's sweep and {@code gitml sessions import} find sessions through these, one
 * per assistant, listed in {@link SessionSources}: a new reader plugs in its default location by
 * adding its source there.
 */
public interface SessionSource {
  /** The assistant's name in records ({@code codex}). */
  String assistant();

  /** The folders its sessions are under (they may not exist). */
  List<Path> roots();

  /**
   * Every session file under the roots, by name and without reading them, confined to the roots by
   * their real paths: a link out of a root, or a file that is not a regular file, is passed over
   * and given to {@code refused} with the reason.
   */
  List<Path> sessions(Consumer<String> refused) throws IOException;

  /**
   * Whether {@code session} (a real path that {@link #sessions} gave) ran in one of {@code
   * workTrees} or below: read from its first lines, never whole.
   */
  boolean belongs(Path session, List<Path> workTrees);

  /**
   * Whether {@link #belongs} may answer otherwise when {@code session} changes: a file of many
   * sessions (OpenCode's database) gains a repository's session later, so the sweep asks again when
   * it changed; a session file's working directory is written once.
   */
  default boolean belongingMayChange(Path session) {
    return false;
  }

  /**
   * The session files that may be {@code workTrees}' (a repository's main work tree and its linked
   * ones): by default every one under the roots ({@link #sessions}); a source whose sessions live
   * in the repository itself (Aider's {@code .aider.chat.history.md}) gives those of the trees.
   */
  default List<Path> candidates(List<Path> workTrees, Consumer<String> refused) throws IOException {
    return sessions(refused);
  }

  /** The sessions of {@code workTrees} (a repository's main work tree and its linked ones). */
  default List<Path> sessionsFor(List<Path> workTrees, Consumer<String> refused)
      throws IOException {
    return candidates(workTrees, refused).stream()
        .filter(s -> belongs(s, workTrees))
        .distinct()
        .sorted()
        .toList();
  }

  /** Whether {@code cwd} is one of {@code workTrees} or inside one. */
  static boolean inside(Path cwd, List<Path> workTrees) {
    for (Path t : workTrees) {
      if (cwd.startsWith(t.toAbsolutePath().normalize())) {
        return true;
      }
    }
    return false;
  }
}
