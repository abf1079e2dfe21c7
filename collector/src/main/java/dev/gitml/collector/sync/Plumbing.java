package dev.gitml.collector.sync;

import dev.gitml.collector.repo.GitCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * git's plumbing, as {@code gitml sync} uses it: objects written and read, a tree built in a
 * temporary index, a commit made and a ref moved with compare-and-swap. Nothing here reads or
 * writes the user's index, work tree or branches (git(1): "plumbing" commands).
 */
final class Plumbing {
  /** A tree entry: a file's mode ({@code 100644}, {@code 100755}), blob id, path. */
  record Entry(String mode, String blob, String path) {}

  private final Path workTree;

  Plumbing(Path workTree) {
    this.workTree = workTree;
  }

  /** The commit {@code ref} names, if it exists. */
  Optional<String> resolve(String ref) throws IOException {
    GitCommand.Result r =
        exec(Map.of(), new byte[0], "rev-parse", "--verify", "--quiet", ref + "^{commit}");
    return r.ok() ? Optional.of(r.text().strip()) : Optional.empty();
  }

  /** The tree of {@code commit}. */
  String treeOf(String commit) throws IOException {
    return ok(exec(Map.of(), new byte[0], "rev-parse", commit + "^{tree}"), "rev-parse").strip();
  }

  /** Whether {@code ancestor} is {@code commit} or one of its ancestors. */
  boolean isAncestor(String ancestor, String commit) throws IOException {
    GitCommand.Result r =
        exec(Map.of(), new byte[0], "merge-base", "--is-ancestor", ancestor, commit);
    if (r.exit() > 1) {
      throw failure("merge-base --is-ancestor", r);
    }
    return r.ok();
  }

  /**
   * Writes files into the object database ({@code hash-object -w}, without filters: the bytes as
   * they are); returns their blob ids, in order.
   */
  List<String> hashObjects(List<Path> files) throws IOException {
    if (files.isEmpty()) {
      return List.of();
    }
    StringBuilder paths = new StringBuilder();
    for (Path f : files) {
      paths.append(f.toAbsolutePath()).append('\n');
    }
    String out =
        ok(
            exec(
                Map.of(),
                paths.toString().getBytes(StandardCharsets.UTF_8),
                "hash-object",
                "-w",
                "--no-filters",
                "--stdin-paths"),
            "hash-object");
    List<String> ids = out.lines().toList();
    if (ids.size() != files.size()) {
      throw new IOException(
          "git hash-object: " + ids.size() + " ids for " + files.size() + " files");
    }
    return ids;
  }

  /**
   * Builds the tree holding exactly {@code entries}, in an index file of its own ({@code
   * GIT_INDEX_FILE}, deleted after), so the user's index is never read or written.
   */
  String writeTree(List<Entry> entries) throws IOException {
    Path index = Files.createTempFile("gitml-sync-", ".index");
    Files.delete(index); // git creates it; an empty file is not a valid index
    Map<String, String> env = Map.of("GIT_INDEX_FILE", index.toString());
    try {
      StringBuilder info = new StringBuilder();
      for (Entry e : entries) {
        info.append(e.mode())
            .append(' ')
            .append(e.blob())
            .append('\t')
            .append(e.path())
            .append('\0');
      }
      ok(
          exec(
              env,
              info.toString().getBytes(StandardCharsets.UTF_8),
              "update-index",
              "-z",
              "--index-info"),
          "update-index --index-info");
      return ok(exec(env, new byte[0], "write-tree"), "write-tree").strip();
    } finally {
      Files.deleteIfExists(index);
    }
  }

  /** The files of a commit's tree, recursively. */
  List<Entry> listTree(String commit) throws IOException {
    String out =
        ok(exec(Map.of(), new byte[0], "ls-tree", "-r", "-z", "--full-tree", commit), "ls-tree");
    List<Entry> entries = new ArrayList<>();
    for (String line : out.split("\0")) {
      if (line.isEmpty()) {
        continue;
      }
      // <mode> SP <type> SP <object> TAB <path> (git-ls-tree(1))
      int tab = line.indexOf('\t');
      String[] head = line.substring(0, tab).split(" ");
      if (head[1].equals("blob")) {
        entries.add(new Entry(head[0], head[2], line.substring(tab + 1)));
      }
    }
    return entries;
  }

  /** A blob's bytes. */
  byte[] blob(String id) throws IOException {
    GitCommand.Result r = exec(Map.of(), new byte[0], "cat-file", "blob", id);
    if (!r.ok()) {
      throw failure("cat-file blob " + id, r);
    }
    return r.stdout();
  }

  /**
   * A commit of {@code tree} with {@code parents}, never signed (a signing prompt has no place in a
   * background sync). The user's name and email when git has them, else gitml's.
   */
  String commitTree(String tree, List<String> parents, String message) throws IOException {
    List<String> args = new ArrayList<>(List.of("commit-tree", "--no-gpg-sign"));
    for (String p : parents) {
      args.add("-p");
      args.add(p);
    }
    args.add("-m");
    args.add(message);
    args.add(tree);
    Map<String, String> env =
        exec(Map.of(), new byte[0], "var", "GIT_COMMITTER_IDENT").ok()
            ? Map.of()
            : Map.of(
                "GIT_AUTHOR_NAME",
                "gitml",
                "GIT_AUTHOR_EMAIL",
                "gitml@localhost",
                "GIT_COMMITTER_NAME",
                "gitml",
                "GIT_COMMITTER_EMAIL",
                "gitml@localhost");
    return ok(exec(env, new byte[0], args.toArray(String[]::new)), "commit-tree").strip();
  }

  /**
   * Moves {@code ref} to {@code commit} only if it still names {@code old} (absent when null):
   * false when another process moved it first.
   */
  boolean updateRef(String ref, String commit, String old, String reason) throws IOException {
    GitCommand.Result r =
        exec(
            Map.of(), new byte[0], "update-ref", "-m", reason, ref, commit, old == null ? "" : old);
    if (!r.ok()
        && (r.stderr().contains("cannot lock ref")
            || r.stderr().contains("but expected")
            || r.stderr().contains("already exists"))) {
      return false;
    }
    ok(r, "update-ref " + ref);
    return true;
  }

  /** Runs any git command with this repository's work tree as its directory. */
  GitCommand.Result exec(Map<String, String> env, byte[] stdin, String... args) throws IOException {
    return GitCommand.exec(workTree, env, stdin, args);
  }

  static String ok(GitCommand.Result r, String what) throws IOException {
    if (!r.ok()) {
      throw failure(what, r);
    }
    return r.text();
  }

  static IOException failure(String what, GitCommand.Result r) {
    String said = (r.stderr().isBlank() ? r.text() : r.stderr()).strip().replace('\n', ' ');
    return new IOException("git " + what + " failed (exit " + r.exit() + "): " + said);
  }
}
