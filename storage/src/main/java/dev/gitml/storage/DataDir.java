package dev.gitml.storage;

import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.config.Config;
import dev.gitml.storage.record.RecordType.Placement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The layout of a data directory, {@code <repo>/.git-ml/} (DESIGN §4):
 *
 * <pre>
 * config.json          tracked: settings (see {@link Config})
 * .gitignore           tracked: keeps local/, the index, models/, exports/ and *.tmp out of git
 * tracked/&lt;stream&gt;/    tracked: shareable records
 * local/&lt;stream&gt;/      never tracked (0700): full commits, chats, tool outputs
 * local/writer-id      this clone's writer id, naming its open segments
 * local/store.lock     the store lock
 * models/, exports/, shared/
 * index.sqlite         derived, rebuildable
 * </pre>
 */
public record DataDir(Path root) {
  public static final String NAME = ".git-ml";

  static final String GITIGNORE =
      "# gitml: what never leaves this clone (DESIGN §4)\n"
          + "local/\n"
          + "index.sqlite\n"
          + "index.sqlite-*\n"
          + "models/\n"
          + "exports/\n"
          + "*.tmp\n";

  public DataDir {
    root = root.toAbsolutePath().normalize();
  }

  /** The data directory of a repository work tree. */
  public static DataDir of(Path workTree) {
    return new DataDir(workTree.resolve(NAME));
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
   * Creates the directory with its config.json and .gitignore where they are missing; existing
   * files are left as they are. Returns true if config.json was created.
   */
  public boolean initialize() throws IOException {
    Files.createDirectories(root);
    AtomicFiles.createPrivateDirectories(local());
    boolean created = false;
    if (!Files.exists(config())) {
      AtomicFiles.write(config(), Config.defaults().toJson());
      created = true;
    }
    if (!Files.exists(gitignore())) {
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
   * Deletes a file, or a directory with everything in it; nothing when it is not there. A
   * symbolic link, at the root or inside, is deleted itself and never followed ({@link
   * Files#walk} without {@code FOLLOW_LINKS}). It deletes what it is given: callers confine it
   * (an export replaces only an export of gitml's, see {@code ExportTarget}).
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
