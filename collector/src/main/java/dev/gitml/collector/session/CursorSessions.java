package dev.gitml.collector.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where Cursor's agent keeps its transcripts: {@code
 * ~/.cursor/projects/<project>/agent-transcripts/<id>.jsonl}, {@code <project>} being the workspace
 * path with every character but letters and digits turned into {@code -} (as Claude Code names its
 * project folders), without a leading one. Transcripts record no working directory: a session is a
 * repository's when its project folder is one of its work trees' names. Cursor's editor chats
 * ({@code state.vscdb}) are not tied to a folder and are imported only with {@code --path}.
 */
public final class CursorSessions implements SessionSource {
  private final Path root;

  public CursorSessions(Path root) {
    this.root = root;
  }

  /** The projects folder under {@code userHome}. */
  public static CursorSessions of(Path userHome) {
    return new CursorSessions(SessionLocations.cursorProjects(userHome));
  }

  @Override
  public String assistant() {
    return CursorTranscript.ASSISTANT;
  }

  @Override
  public List<Path> roots() {
    return List.of(root);
  }

  /** Every {@code <project>/agent-transcripts/*.jsonl} under the projects folder. */
  @Override
  public List<Path> sessions(Consumer<String> refused) throws IOException {
    return SessionFolders.files(root, "agent-transcripts", n -> n.endsWith(".jsonl"), refused);
  }

  /** Whether the transcript's project folder is named after one of {@code workTrees}. */
  @Override
  public boolean belongs(Path session, List<Path> workTrees) {
    Path folder = session.getParent() == null ? null : session.getParent().getParent();
    if (folder == null || folder.getFileName() == null) {
      return false;
    }
    String project = strip(folder.getFileName().toString());
    return SessionFolders.bothPaths(workTrees).stream()
        .anyMatch(t -> slug(t.toString()).equals(project));
  }

  /** The project folder's name of a workspace at {@code path}. */
  static String slug(String path) {
    return strip(path.replaceAll("[^A-Za-z0-9]", "-"));
  }

  private static String strip(String name) {
    int i = 0;
    while (i < name.length() && name.charAt(i) == '-') {
      i++;
    }
    return name.substring(i);
  }
}
