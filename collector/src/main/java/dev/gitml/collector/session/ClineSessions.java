package dev.gitml.collector.session;

import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where Cline, Roo Code and Kilo Code keep their tasks: {@code
 * ~/.config/Code/User/globalStorage/<extension>/tasks/<id>/api_conversation_history.json}, or the
 * same under another editor of the VS Code family ({@link SessionLocations#clineTasks(Map, Path)}).
 * A task records its working directory in its first user message's {@code <environment_details>}
 * ({@code # Current Working Directory (/path) Files}), read from the file's first {@link
 * #HEAD_BYTES} bytes.
 */
public final class ClineSessions implements SessionSource {
  /** Bytes read from the start of a task's history to find its working directory. */
  static final int HEAD_BYTES = 512 * 1024;

  private static final Pattern CWD = Pattern.compile("Current Working Directory \\((.+?)\\) Files");

  private final List<Path> roots;

  public ClineSessions(List<Path> roots) {
    this.roots = List.copyOf(roots);
  }

  /** The tasks folders of every extension in every editor of the VS Code family. */
  public static ClineSessions of(Map<String, String> env, Path userHome) {
    return new ClineSessions(SessionLocations.clineTasks(env, userHome));
  }

  @Override
  public String assistant() {
    return ClineTask.ASSISTANT;
  }

  @Override
  public List<Path> roots() {
    return roots;
  }

  /** Every {@code <id>/api_conversation_history.json} under the tasks folders. */
  @Override
  public List<Path> sessions(Consumer<String> refused) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path root : roots) {
      out.addAll(
          SessionFolders.files(
              root, null, n -> n.equals("api_conversation_history.json"), refused));
    }
    return out.stream().distinct().sorted().toList();
  }

  @Override
  public boolean belongs(Path session, List<Path> workTrees) {
    return cwd(session).filter(c -> SessionFolders.inside(c, workTrees)).isPresent();
  }

  /** The working directory the task's first user message names, if within the first bytes. */
  static Optional<String> cwd(Path history) {
    try {
      Matcher m = CWD.matcher(SessionFolders.head(history, HEAD_BYTES));
      if (!m.find()) {
        return Optional.empty();
      }
      // the path as the JSON string holds it: escapes undone
      return Optional.of(Mappers.JSON.readValue("\"" + m.group(1) + "\"", String.class));
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }
}
