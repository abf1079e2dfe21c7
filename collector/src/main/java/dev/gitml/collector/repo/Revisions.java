package dev.gitml.collector.repo;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/** A revision a user typed ({@code HEAD~2}, a branch, an abbreviated hash) as a commit hash. */
public final class Revisions {
  private static final Pattern FULL_HASH = Pattern.compile("[0-9a-fA-F]{40}");

  private Revisions() {}

  /**
   * The commit {@code rev} names in {@code repo}; a full hash is taken as it is even when the clone
   * lacks it (a CI job's shallow checkout, a commit another clone made).
   */
  public static Optional<String> commit(Repository repo, String rev) throws IOException {
    try {
      ObjectId id = repo.resolve(rev + "^{commit}");
      if (id != null) {
        return Optional.of(id.name());
      }
    } catch (RevisionSyntaxException | org.eclipse.jgit.errors.AmbiguousObjectException e) {
      // not a revision this repository knows: a full hash may still name a commit elsewhere
    } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
      return Optional.empty(); // names a blob or tree
    }
    return FULL_HASH.matcher(rev).matches()
        ? Optional.of(rev.toLowerCase(Locale.ROOT))
        : Optional.empty();
  }
}
