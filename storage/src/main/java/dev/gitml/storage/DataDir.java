package dev.gitml.storage;

import dev.gitml.storage.config.Config;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.record.RecordType.Placement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The layout of a data directory, {@code <repo>/.git-ml/} (docs/formats.md):
 *
 * <pre>
 * .gitignore           "*": nothing here shows in git status (published by gitml sync instead)
 * config.json          settings (see {@link Config}); published
 * tracked/&lt;stream&gt;/    shareable records: their sealed chunks are published
 * local/&lt;stream&gt;/      never tracked (0700): full commits, chats, tool outputs
 * local/writer-id      this clone's writer id, naming its open segments
 * local/store.lock     the store lock
 * models/, exports/, shared/
 * index.sqlite         derived, rebuildable
 * search.sqlite        the full-text search index, derived: rebuilt with index.sqlite
 * </pre>
 */
public record DataDir(Path root) {
  public static final String NAME = ".git-ml";

  /**
   * {@code .git-ml/.gitignore}: everything, itself included, so nothing of gitml's shows in {@code
   * git status} or rides along in a {@code git commit -a}. The data travels on its own ref ({@code
   * gitml sync}), never on the user's branches. A file the user wants tracked anyway ({@code
   * config.json}) is added once with {@code git add -f}; git ignores rules for tracked files. One
   * rule inside gitml's own directory: nothing is written into {@code .git/}, and it holds in every
   * worktree and submodule alike.
   */
  static final String GITIGNORE =
      "# gitml: nothing here belongs on your branches; `gitml sync` publishes the shareable\n"
          + "# part on refs/gitml/data. To share config.json on a branch: git add -f .git-ml/config.json\n"
          + "*\n";

  /** The first line of every .gitignore gitml wrote (so init may bring an older one up to date). */
  private static final String GITIGNORE_MARK = "# gitml:";

  public DataDir {
    root = root.toAbsolutePath().normalize();
  }

  /** The data directory of a repository work tree. */
  public static DataDir of(Path workTree) {
    return new DataDir(workTree.resolve(NAME));
  }

  /**
   * Whether a path relative to the work tree ({@code /}-separated, as git names a commit's files)
   * is gitml's own data: such paths are no part of the user's work, and training, prediction and
   * export leave them out (an earlier gitml committed them on the branches).
   */
  public static boolean isDataPath(String path) {
    return path.equals(NAME) || path.startsWith(NAME + "/");
  }

  public boolean exists() {
    return Files.isRegularFile(config());
  }

  public Path config() {
    return root.resolve("config.json");
  }

  public Path gitignore() {
    return root.resolve(".gitignore");
  }

  public Path local() {
    return root.resolve("local");
  }

  public Path index() {
    return root.resolve("index.sqlite");
  }

  public Path models() {
    return root.resolve("models");
  }

  public Path exports() {
    return root.resolve("exports");
  }

  Path lockFile() {
    return local().resolve("store.lock");
  }

  /** Where damaged chunks are kept once repaired or compacted: never deleted by gitml. */
  public Path quarantine() {
    return local().resolve("quarantine");
  }

  Path journal() {
    return local().resolve("compact.journal");
  }

  public Path streamDir(Placement placement, String stream) {
    return root.resolve(placement.dirName()).resolve(stream);
  }

  /** A path inside the data directory, relative to it, with '/' separators. */
  public String relative(Path file) {
    return root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  public Path resolve(String relative) {
    return root.resolve(relative);
  }

  /**
   * Creates the directory with its config.json and .gitignore where they are missing; an existing
   * config.json is left as it is, a .gitignore an earlier gitml wrote is brought up to date (one
   * the user wrote is kept). Returns true if config.json was created.
   */
  public boolean initialize() throws IOException {
    Files.createDirectories(root);
    AtomicFiles.createPrivateDirectories(local());
    boolean created = false;
    if (!Files.exists(config())) {
      AtomicFiles.write(config(), Config.defaults().toJson());
      created = true;
    }
    if (!Files.exists(gitignore())
        || (!Files.readString(gitignore(), StandardCharsets.UTF_8).equals(GITIGNORE)
            && Files.readString(gitignore(), StandardCharsets.UTF_8).startsWith(GITIGNORE_MARK))) {
      // missing, or written by an earlier gitml (which let tracked/ and config.json show)
      AtomicFiles.write(gitignore(), GITIGNORE.getBytes(StandardCharsets.UTF_8));
    }
    return created;
  }

  /**
   * This clone's writer id (created on first use): 12 random hex digits, so two clones sharing
   * tracked data through git never append to the same file.
   */
  public String writerId() throws IOException {
    Path file = local().resolve("writer-id");
    if (Files.exists(file)) {
      String id = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (id.matches("[0-9a-f]{12}")) {
        return id;
      }
    }
    byte[] bytes = new byte[6];
    new SecureRandom().nextBytes(bytes);
    String id = HexFormat.of().formatHex(bytes);
    AtomicFiles.createPrivateDirectories(local());
    AtomicFiles.write(file, (id + "\n").getBytes(StandardCharsets.UTF_8));
    return id;
  }

  /**
   * Deletes a file, or a directory with everything in it; nothing when it is not there. A symbolic
   * link, at the root or inside, is deleted itself and never followed ({@link Files#walk} without
   * {@code FOLLOW_LINKS}). It deletes what it is given: callers confine it (an export replaces only
   * an export of gitml's, see {@code ExportTarget}).
   */
  public static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (java.util.stream.Stream<Path> s = Files.walk(path)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
