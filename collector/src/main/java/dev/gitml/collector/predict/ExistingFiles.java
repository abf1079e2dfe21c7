package dev.gitml.collector.predict;

import dev.gitml.storage.DataDir;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files that exist now: in HEAD's tree or in the index (a file just added). A prediction names
 * only these: the history also knows files deleted or renamed since, and (from an earlier gitml
 * that committed them) gitml's own data files, which are never part of a task.
 */
public final class ExistingFiles {
  private final Set<String> paths;

  /** False in a repository with no commit and an empty index: nothing to check against. */
  private final boolean known;

  private ExistingFiles(Set<String> paths, boolean known) {
    this.paths = paths;
    this.known = known;
  }

  /** Reads HEAD's tree paths and the index's once. */
  public static ExistingFiles of(Repository repo) throws IOException {
    Set<String> paths = new HashSet<>();
    ObjectId head = repo.resolve(Constants.HEAD + "^{tree}");
    if (head != null) {
      try (RevWalk walk = new RevWalk(repo);
          TreeWalk tw = new TreeWalk(repo)) {
        tw.addTree(walk.parseTree(head));
        tw.setRecursive(true);
        while (tw.next()) {
          paths.add(tw.getPathString());
        }
      }
    }
    DirCache index = repo.readDirCache();
    for (int i = 0; i < index.getEntryCount(); i++) {
      paths.add(index.getEntry(i).getPathString());
    }
    boolean known = head != null || index.getEntryCount() > 0;
    paths.removeIf(DataDir::isDataPath);
    return new ExistingFiles(paths, known);
  }

  /**
   * Whether {@code path} exists now. In a repository without a commit or a staged file (a store
   * inspected or migrated into a new repository) every path but gitml's own data counts.
   */
  public boolean contains(String path) {
    return known ? paths.contains(path) : !DataDir.isDataPath(path);
  }

  /** The first {@code top} of {@code ranked} that exist, in order. */
  public List<FilePredictor.Ranked> keep(List<FilePredictor.Ranked> ranked, int top) {
    return ranked.stream().filter(r -> contains(r.file())).limit(top).toList();
  }
}
