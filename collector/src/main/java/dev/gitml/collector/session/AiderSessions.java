package dev.gitml.collector.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where Aider keeps its chat history: {@code .aider.chat.history.md} at the top of the work tree it
 * ran in (aider {@code args.py}, {@code --chat-history-file}). A repository's sessions are the
 * histories of its work trees, linked ones included; there is no folder of every session.
 */
public final class AiderSessions implements SessionSource {
  @Override
  public String assistant() {
    return AiderHistory.ASSISTANT;
  }

  /** None: the histories are in the work trees. */
  @Override
  public List<Path> roots() {
    return List.of();
  }

  /** None: without a work tree there is nowhere to look. */
  @Override
  public List<Path> sessions(Consumer<String> refused) {
    return List.of();
  }

  /** Each tree's history, if it is a regular file inside the tree by its real path. */
  @Override
  public List<Path> candidates(List<Path> workTrees, Consumer<String> refused) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path tree : workTrees) {
      Path history = SessionLocations.aiderHistory(tree);
      if (!Files.isDirectory(tree) || !Files.exists(history)) {
        continue;
      }
      Confinement confinement = Confinement.to(tree);
      confinement.regularFile(history).ifPresent(out::add);
      confinement.refused().forEach(refused);
    }
    return out.stream().distinct().sorted().toList();
  }

  @Override
  public boolean belongs(Path session, List<Path> workTrees) {
    Path folder = session.getParent();
    return folder != null && SessionFolders.bothPaths(workTrees).contains(folder);
  }
}
