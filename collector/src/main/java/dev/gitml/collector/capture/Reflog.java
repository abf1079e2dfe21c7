package dev.gitml.collector.capture;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.ReflogEntry;
import org.eclipse.jgit.lib.ReflogReader;
import org.eclipse.jgit.lib.Repository;

/**
 * What the local branches' reflogs say about the commits made in this clone, for the commits no
 * hook reported (a catch-up pass, a backfill): the branch each was made on, as git saw it at commit
 * time, and the commit each amend replaced. A commit the reflogs do not know (older than their
 * expiry, made in another clone, or only moved here by a fast-forward or a reset) has no branch: a
 * guess from where HEAD is now would name the branch checked out since, which is how one commit
 * came to be stored once per branch.
 */
public final class Reflog {
  /**
   * Reflog messages of the operations that make a commit on the branch they are logged in (git's
   * {@code reflog_message}: "commit: …", "commit (amend): …", "merge x: Merge made by …",
   * "cherry-pick: …", "revert: …", "am: …", "pull: Merge made by …", "rebase (finish): …"). A
   * fast-forward moves the branch to commits made elsewhere, so it names none of them.
   */
  private static final List<String> MAKES_A_COMMIT =
      List.of("commit", "merge ", "cherry-pick", "revert", "am:", "pull", "rebase");

  private static final String AMEND = "commit (amend)";

  private final Map<String, String> branchOf;
  private final Map<String, String> amended;

  private Reflog(Map<String, String> branchOf, Map<String, String> amended) {
    this.branchOf = branchOf;
    this.amended = amended;
  }

  /** Reads the reflog of every local branch once. */
  public static Reflog read(Repository repo) throws IOException {
    Map<String, String> branchOf = new HashMap<>();
    Map<String, String> amended = new HashMap<>();
    for (Ref ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
      ReflogReader log = repo.getRefDatabase().getReflogReader(ref);
      if (log == null) {
        continue;
      }
      String branch = Repository.shortenRefName(ref.getName());
      // newest first: the oldest entry that made a commit wins, so a commit keeps the branch it
      // was made on after a later merge or rebase names it again elsewhere
      for (ReflogEntry e : log.getReverseEntries()) {
        String comment = e.getComment();
        if (!makesACommit(comment)) {
          continue;
        }
        String made = e.getNewId().name();
        branchOf.put(made, branch);
        if (comment.startsWith(AMEND) && !e.getOldId().equals(ObjectId.zeroId())) {
          amended.put(made, e.getOldId().name());
        }
      }
    }
    return new Reflog(branchOf, amended);
  }

  /** The branch {@code commit} was made on, or null when the reflogs do not say. */
  public String branchOf(String commit) {
    return branchOf.get(commit);
  }

  /** The commit that {@code commit} amended, when it was made by {@code commit --amend}. */
  public Optional<String> amendedBy(String commit) {
    return Optional.ofNullable(amended.get(commit));
  }

  static boolean makesACommit(String comment) {
    if (comment == null || comment.contains("Fast-forward")) {
      return false;
    }
    for (String prefix : MAKES_A_COMMIT) {
      if (comment.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
