package dev.gitml.collector.sync;

import dev.gitml.collector.repo.GitCommand;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.storage.Store;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.record.RecordType;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Publishes the shareable part of {@code .git-ml/} on a ref of its own, {@value #REF}, never on the
 * user's branches: each sync seals this clone's open segments of the tracked streams, writes the
 * files {@link DataTree} lists into git's object database, and commits that snapshot with the
 * previous data commit as parent ({@code hash-object}, {@code update-index} on a temporary index,
 * {@code write-tree}, {@code commit-tree}, {@code update-ref} with the old value). No checkout: the
 * user's index, work tree and branches are never touched, and no hook runs (git runs none for
 * plumbing, and {@code GITML_IN_HOOK=1} keeps gitml's own out of a push).
 *
 * <p>Travel: {@link #push} pushes the ref; when a teammate pushed first it fetches theirs, imports
 * their chunks ({@link DataImport}: union, content-addressed names never conflict), and commits the
 * union with both commits as parents before pushing again. {@link #pull} fetches the remote's ref
 * into {@code refs/gitml/remotes/<remote>/data} and does the same import and merge.
 */
public final class DataSync {
  /** The ref holding this repository's published data. */
  public static final String REF = "refs/gitml/data";

  /** Where a remote's data ref is fetched to: {@code refs/gitml/remotes/<remote>/data}. */
  public static final String REMOTES = "refs/gitml/remotes/";

  private static final Pattern REMOTE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final int PUSH_ATTEMPTS = 3;

  private final Workspace ws;
  private final Plumbing git;

  public DataSync(Workspace ws) throws Workspace.NotARepositoryException {
    if (ws.gitDir() == null) {
      throw new Workspace.NotARepositoryException("not a git repository: " + ws.workTree());
    }
    this.ws = ws;
    this.git = new Plumbing(ws.workTree());
  }

  /**
   * What a sync did to {@value #REF}: the commit it names now (null when there is none), the files
   * in its tree, its message, and whether this sync moved it.
   */
  public record Result(String commit, int files, String message, boolean moved) {}

  /** What a pull did: the local result, the chunks imported, and notes for the user. */
  public record PullResult(
      Result local, String remoteCommit, int imported, int present, List<String> notes) {}

  /** What a push did: the commit the remote's ref names now, and the pulls it took. */
  public record PushResult(Result local, boolean upToDate, int merges, List<String> notes) {}

  /** Seals this clone's tracked segments and publishes the snapshot on {@value #REF}. */
  public Result run() throws IOException {
    try (Store store = Store.open(ws.dataDir())) {
      store.sealAll(RecordType.Placement.TRACKED);
      return store.whileLocked(() -> publish(store, null));
    }
  }

  /**
   * Fetches {@code remote}'s data ref, imports the chunks this clone lacks, and publishes the union
   * on {@value #REF} with the remote's commit as a parent (so a later push fast-forwards). In a
   * clone without {@code .git-ml/} it creates the data directory, taking the remote's {@code
   * config.json}.
   */
  public PullResult pull(String remote) throws IOException {
    String tracking = trackingRef(remote);
    GitCommand.Result fetched =
        git.exec(
            Map.of(),
            new byte[0],
            "fetch",
            "--quiet",
            "--no-tags",
            remote,
            "+" + REF + ":" + tracking);
    if (!fetched.ok()) {
      if (fetched.stderr().contains("couldn't find remote ref")) {
        Result local = ws.dataDir().exists() ? run() : new Result(null, 0, null, false);
        return new PullResult(
            local, null, 0, 0, List.of(remote + " has no gitml data yet (" + REF + ")"));
      }
      throw Plumbing.failure("fetch " + remote, fetched);
    }
    String theirs =
        git.resolve(tracking)
            .orElseThrow(() -> new IOException("git fetch " + remote + " left no " + tracking));
    List<String> notes = new ArrayList<>();
    adoptConfig(theirs, notes);
    try (Store store = Store.open(ws.dataDir())) {
      store.sealAll(RecordType.Placement.TRACKED);
      DataImport.Outcome in = store.whileLocked(() -> DataImport.run(store, git, theirs));
      if (!in.refused().isEmpty()) {
        throw new IOException(
            "refused "
                + in.refused().size()
                + " chunks of "
                + remote
                + "'s data (nothing published): "
                + String.join("; ", in.refused()));
      }
      store.catchUp(); // indexes the chunks just written
      Result local = store.whileLocked(() -> publish(store, theirs));
      return new PullResult(local, theirs, in.added(), in.present(), List.copyOf(notes));
    }
  }

  /**
   * Publishes, then pushes {@value #REF} to the same ref of {@code remote}. A rejection (a teammate
   * pushed since) is answered by a {@link #pull} and another push, a few times.
   */
  public PushResult push(String remote) throws IOException {
    Result local = run();
    if (local.commit() == null) {
      return new PushResult(local, true, 0, List.of("nothing to push"));
    }
    List<String> notes = new ArrayList<>();
    for (int attempt = 0; attempt < PUSH_ATTEMPTS; attempt++) {
      GitCommand.Result r =
          git.exec(
              Map.of(), new byte[0], "push", "--porcelain", "--no-verify", remote, REF + ":" + REF);
      String status =
          Arrays.stream(r.text().split("\n"))
              .filter(l -> l.contains(REF + ":" + REF))
              .findFirst()
              .orElse("");
      if (r.ok()) {
        // --porcelain flags a ref already up to date with '=' (git-push(1), OUTPUT)
        return new PushResult(local, status.startsWith("="), attempt, List.copyOf(notes));
      }
      if (!status.startsWith("!")
          || !(status.contains("non-fast-forward") || status.contains("fetch first"))) {
        throw Plumbing.failure("push " + remote + " " + REF, r);
      }
      PullResult pulled = pull(remote);
      notes.addAll(pulled.notes());
      local = pulled.local();
    }
    throw new IOException(
        "git push "
            + remote
            + " "
            + REF
            + ": still rejected after "
            + PUSH_ATTEMPTS
            + " merges (teammates pushing at the same moment?); run it again");
  }

  /**
   * Commits the current snapshot on {@value #REF}, merged with {@code theirs} (a fetched data
   * commit, or null); moves nothing when the ref already holds it.
   */
  private Result publish(Store store, String theirs) throws IOException {
    List<DataTree.File> files = DataTree.published(store);
    List<String> blobs = git.hashObjects(files.stream().map(DataTree.File::source).toList());
    List<Plumbing.Entry> entries = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      entries.add(new Plumbing.Entry(files.get(i).mode(), blobs.get(i), files.get(i).path()));
    }
    String tree = git.writeTree(entries);
    String message = message(store, files.size());
    Optional<String> ours = git.resolve(REF);
    List<String> parents = new ArrayList<>();
    ours.ifPresent(parents::add);
    if (theirs != null && !theirs.equals(ours.orElse(null))) {
      if (ours.isEmpty() || git.isAncestor(ours.get(), theirs)) {
        parents.clear();
        parents.add(theirs);
      } else if (!git.isAncestor(theirs, ours.get())) {
        parents.add(theirs);
      }
    }
    if (parents.size() == 1 && git.treeOf(parents.get(0)).equals(tree)) {
      String head = parents.get(0);
      boolean moved = !head.equals(ours.orElse(null));
      if (moved && !git.updateRef(REF, head, ours.orElse(null), "gitml sync: fast-forward")) {
        throw moved(ours);
      }
      return new Result(head, files.size(), message, moved);
    }
    String commit = git.commitTree(tree, parents, message);
    if (!git.updateRef(REF, commit, ours.orElse(null), "gitml sync")) {
      throw moved(ours);
    }
    return new Result(commit, files.size(), message, true);
  }

  private IOException moved(Optional<String> ours) {
    return new IOException(
        REF
            + " moved while this sync ran (was "
            + ours.map(c -> c.substring(0, 12)).orElse("absent")
            + "); run gitml sync again");
  }

  /** {@code <first ML prefix> tracking data (N files)}: the prefix keeps capture off it. */
  private static String message(Store store, int files) {
    String prefix =
        store.config().mlCommitPrefixes().stream()
            .filter(p -> !p.isEmpty())
            .findFirst()
            .orElse("data: ML");
    return prefix + " tracking data (" + files + (files == 1 ? " file)" : " files)");
  }

  /**
   * A fresh clone takes the remote's {@code config.json} and launcher copy; a clone that has its
   * own keeps them, and hears when the remote's differ.
   */
  private void adoptConfig(String theirs, List<String> notes) throws IOException {
    Map<String, String> blobs = new java.util.HashMap<>();
    for (Plumbing.Entry e : git.listTree(theirs)) {
      blobs.put(e.path(), e.blob());
    }
    String config = blobs.get(DataTree.CONFIG);
    if (!ws.dataDir().exists()) {
      if (config != null) {
        Files.createDirectories(ws.dataDir().root());
        AtomicFiles.write(ws.dataDir().config(), git.blob(config));
      }
      ws.dataDir().initialize();
      String launcher = blobs.get(DataTree.LAUNCHER);
      if (launcher != null && !Files.exists(ws.dataDir().resolve(DataTree.LAUNCHER))) {
        Files.createDirectories(ws.dataDir().resolve("bin"));
        AtomicFiles.write(ws.dataDir().resolve(DataTree.LAUNCHER), git.blob(launcher));
        ws.dataDir().resolve(DataTree.LAUNCHER).toFile().setExecutable(true, false);
      }
    } else if (config != null
        && !Arrays.equals(git.blob(config), Files.readAllBytes(ws.dataDir().config()))) {
      notes.add(
          "the remote's config.json differs from this clone's, which is kept (see it with"
              + " `git show "
              + theirs.substring(0, 12)
              + ":config.json`)");
    }
  }

  /** {@code refs/gitml/remotes/<remote>/data}; a URL or path gets a name derived from it. */
  public static String trackingRef(String remote) {
    String name =
        REMOTE_NAME.matcher(remote).matches() && !remote.contains("..") && !remote.endsWith(".lock")
            ? remote
            : "url-" + Integer.toHexString(remote.hashCode());
    return REMOTES + name + "/data";
  }
}
