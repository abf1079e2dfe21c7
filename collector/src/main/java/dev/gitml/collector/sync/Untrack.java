package dev.gitml.collector.sync;

import dev.gitml.collector.repo.Workspace;
import dev.gitml.storage.DataDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code .git-ml/} files a branch still tracks: what an earlier gitml's {@code sync} committed,
 * or the Python collector's data. {@link #run} takes them out of the user's index ({@code git rm -r
 * --cached}: the files stay on disk), so the next commit of the branch drops them; with {@code
 * commit} it makes that commit itself, of the removal only, through a temporary index (whatever
 * else the user has staged stays staged, and out of it).
 */
public final class Untrack {
  /** Kept tracked: settings shared on the branch are the user's choice, and harmless. */
  public static final String CONFIG = DataDir.NAME + "/config.json";

  /** The top-level names of gitml's layout; anything else is the Python collector's. */
  private static final Set<String> GITML_LAYOUT =
      Set.of("config.json", ".gitignore", "bin", "tracked", "local", "shared", "models", "exports");

  private final Plumbing git;

  public Untrack(Workspace ws) throws Workspace.NotARepositoryException {
    if (ws.gitDir() == null) {
      throw new Workspace.NotARepositoryException("not a git repository: " + ws.workTree());
    }
    this.git = new Plumbing(ws.workTree());
  }

  /** What {@link #run} did: the paths it untracked, and the commit it made (or null). */
  public record Result(List<String> removed, boolean configKept, String commit) {}

  /** The paths under {@code .git-ml/} in the user's index, sorted. */
  public List<String> tracked() throws IOException {
    return list(Map.of());
  }

  /** Whether some of {@code paths} are not gitml's: the Python collector's committed data. */
  public static boolean hasPythonCollectorData(List<String> paths) {
    return paths.stream()
        .map(p -> p.substring(DataDir.NAME.length() + 1))
        .map(p -> p.contains("/") ? p.substring(0, p.indexOf('/')) : p)
        .anyMatch(top -> !GITML_LAYOUT.contains(top));
  }

  /**
   * Removes every {@code .git-ml/} path but {@value #CONFIG} from the user's index, leaving the
   * files; with {@code commit}, also commits that removal on the current branch, alone, with a
   * message starting with {@code prefix} (an ML-only commit: capture leaves it out).
   */
  public Result run(boolean commit, String prefix) throws IOException {
    List<String> paths = tracked().stream().filter(p -> !p.equals(CONFIG)).toList();
    boolean configKept = tracked().contains(CONFIG);
    if (paths.isEmpty()) {
      return new Result(List.of(), configKept, null);
    }
    remove(Map.of(), paths);
    if (!commit) {
      return new Result(paths, configKept, null);
    }
    String head =
        git.resolve("HEAD")
            .orElseThrow(() -> new IOException("nothing to commit on: HEAD names no commit yet"));
    Path index = Files.createTempFile("gitml-untrack-", ".index");
    Files.delete(index); // read-tree creates it; an empty file is not a valid index
    Map<String, String> env = Map.of("GIT_INDEX_FILE", index.toString());
    try {
      Plumbing.ok(git.exec(env, new byte[0], "read-tree", head), "read-tree HEAD");
      List<String> inHead = list(env).stream().filter(p -> !p.equals(CONFIG)).toList();
      remove(env, inHead);
      String tree = Plumbing.ok(git.exec(env, new byte[0], "write-tree"), "write-tree").strip();
      String message =
          prefix
              + " tracking data untracked ("
              + inHead.size()
              + (inHead.size() == 1 ? " file" : " files")
              + "; gitml sync publishes it on "
              + DataSync.REF
              + ")";
      String made = git.commitTree(tree, List.of(head), message);
      if (!git.updateRef("HEAD", made, head, "commit: " + message)) {
        throw new IOException(
            "HEAD moved while gitml sync --untrack ran; the removal is staged,"
                + " commit it yourself");
      }
      return new Result(paths, configKept, made);
    } finally {
      Files.deleteIfExists(index);
    }
  }

  private List<String> list(Map<String, String> env) throws IOException {
    String out =
        Plumbing.ok(
            git.exec(env, new byte[0], "ls-files", "-z", "--cached", "--", DataDir.NAME),
            "ls-files");
    return Arrays.stream(out.split("\0")).filter(p -> !p.isEmpty()).sorted().toList();
  }

  private void remove(Map<String, String> env, List<String> paths) throws IOException {
    if (paths.isEmpty()) {
      return;
    }
    byte[] spec = (String.join("\0", paths) + "\0").getBytes(StandardCharsets.UTF_8);
    Plumbing.ok(
        git.exec(
            env,
            spec,
            "--literal-pathspecs",
            "rm",
            "-r",
            "--cached",
            "--quiet",
            "--ignore-unmatch",
            "--pathspec-from-file=-",
            "--pathspec-file-nul"),
        "rm --cached");
  }
}
