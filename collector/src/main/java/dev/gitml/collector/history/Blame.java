package dev.gitml.collector.history;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.BlameCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.blame.BlameResult;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * git blame with JGit ({@link BlameCommand}, renames followed), grouped into ranges of lines that
 * one commit last changed; with {@code all}, the walk back through the commits whose lines each
 * change replaced (the old side of the diff's edits over those lines, blamed in the parent), as
 * {@code git log -L} walks, at most {@value #MAX_EARLIER} commits per range.
 */
final class Blame {
  static final int MAX_EARLIER = 20;

  private final Repository repo;
  private final Why why;

  Blame(Repository repo, Why why) {
    this.repo = repo;
    this.why = why;
  }

  /** Where one line came from: its commit (null: not committed), path and line there. */
  private record Source(RevCommit commit, String path, int line) {}

  /** Lines {@code [from, to)}, 0-based, of {@code path} as {@code commit} has it. */
  private record Span(RevCommit commit, String path, int from, int to) {}

  /** Lines {@code [from, to)}, 0-based, of {@code path} in a parent. */
  private record OldSide(String path, int from, int to) {}

  List<Why.Blamed> run(String path, Why.Lines lines, boolean all) throws IOException {
    BlameResult result = blame(path, null);
    if (result == null) {
      throw new java.nio.file.NoSuchFileException(path + ": not in HEAD or the work tree");
    }
    int size = result.getResultContents().size();
    Why.Lines range = lines == null ? new Why.Lines(1, Math.max(1, size)) : lines;
    if (size == 0 || range.first() > size) {
      throw new IllegalArgumentException(
          path + " has " + size + " lines: no line " + range.first());
    }
    int last = Math.min(range.last(), size);
    result.computeRange(range.first() - 1, last);
    List<Why.Blamed> out = new ArrayList<>();
    int start = range.first() - 1;
    for (int i = range.first(); i <= last; i++) {
      if (i == last || !sameSource(result, start, i)) {
        Source s = source(result, start);
        Why.Change change = change(s, path);
        List<Why.Change> earlier = new ArrayList<>();
        if (all && s.commit() != null) {
          earlier(s.commit(), s.path(), sourceLines(result, start, i), earlier);
        }
        out.add(new Why.Blamed(new Why.Lines(start + 1, i), change, earlier));
        start = i;
      }
    }
    return out;
  }

  private BlameResult blame(String path, RevCommit start) throws IOException {
    try {
      BlameCommand command = new BlameCommand(repo).setFilePath(path).setFollowFileRenames(true);
      if (start != null) {
        command.setStartCommit(start);
      }
      return command.call();
    } catch (GitAPIException e) {
      throw new IOException("git blame " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean sameSource(BlameResult r, int a, int b) {
    RevCommit ca = r.getSourceCommit(a);
    RevCommit cb = r.getSourceCommit(b);
    return (ca == null ? cb == null : ca.equals(cb))
        && java.util.Objects.equals(r.getSourcePath(a), r.getSourcePath(b));
  }

  private static Source source(BlameResult r, int line) {
    return new Source(r.getSourceCommit(line), r.getSourcePath(line), r.getSourceLine(line));
  }

  /** The lines {@code [from, to)} of the result as lines of their source, {@code [min, max)}. */
  private static int[] sourceLines(BlameResult r, int from, int to) {
    int min = Integer.MAX_VALUE;
    int max = -1;
    for (int i = from; i < to; i++) {
      min = Math.min(min, r.getSourceLine(i));
      max = Math.max(max, r.getSourceLine(i) + 1);
    }
    return new int[] {min, max};
  }

  private Why.Change change(Source s, String currentPath) throws IOException {
    if (s.commit() == null) {
      return new Why.Change(null, null, null, "not committed yet", currentPath, Why.Origin.BY_HAND);
    }
    RevCommit c = s.commit();
    String path = s.path() == null ? currentPath : s.path();
    return new Why.Change(
        c.getName(),
        c.getAuthorIdent().getName(),
        Instant.ofEpochSecond(c.getCommitTime()).toString(),
        c.getShortMessage(),
        path,
        why.origin(c.getName(), path));
  }

  /**
   * Adds the commits whose lines {@code commit} replaced in {@code lines} ({@code [min, max)} of
   * {@code path} there), newest first, then theirs, until {@link #MAX_EARLIER}.
   */
  private void earlier(RevCommit commit, String path, int[] lines, List<Why.Change> out)
      throws IOException {
    Map<String, Why.Change> seen = new LinkedHashMap<>();
    List<Span> todo = new ArrayList<>();
    todo.add(new Span(commit, path, lines[0], lines[1]));
    while (!todo.isEmpty() && seen.size() < MAX_EARLIER) {
      Span span = todo.remove(0);
      try (RevWalk walk = new RevWalk(repo)) {
        RevCommit parsed = walk.parseCommit(span.commit());
        if (parsed.getParentCount() == 0) {
          continue;
        }
        RevCommit parent = walk.parseCommit(parsed.getParent(0));
        OldSide old = oldSide(parent, parsed, span);
        BlameResult r = old == null ? null : blame(old.path(), parent);
        if (r == null) {
          continue;
        }
        int end = Math.min(old.to(), r.getResultContents().size());
        r.computeRange(old.from(), end);
        for (int i = old.from(); i < end; i++) {
          Source s = source(r, i);
          if (s.commit() != null && !seen.containsKey(s.commit().getName())) {
            seen.put(s.commit().getName(), change(s, old.path()));
            int[] range = lineRange(r, s.commit(), old.from(), end);
            todo.add(new Span(s.commit(), s.path(), range[0], range[1]));
          }
        }
      }
    }
    out.addAll(seen.values());
  }

  private static int[] lineRange(BlameResult r, RevCommit commit, int from, int to) {
    int min = Integer.MAX_VALUE;
    int max = -1;
    for (int i = from; i < to; i++) {
      if (commit.equals(r.getSourceCommit(i))) {
        min = Math.min(min, r.getSourceLine(i));
        max = Math.max(max, r.getSourceLine(i) + 1);
      }
    }
    return new int[] {min, max};
  }

  /**
   * The old side of {@code commit}'s edits of the span's lines: the parent's path and lines; null
   * when the edits only added lines (nothing came before them).
   */
  private OldSide oldSide(RevCommit parent, RevCommit commit, Span span) throws IOException {
    try (DiffFormatter df = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      df.setRepository(repo);
      df.setDetectRenames(true);
      for (DiffEntry d : df.scan(parent.getTree(), commit.getTree())) {
        if (!span.path().equals(d.getNewPath()) || d.getChangeType() == DiffEntry.ChangeType.ADD) {
          continue;
        }
        int min = Integer.MAX_VALUE;
        int max = -1;
        for (Edit e : df.toFileHeader(d).toEditList()) {
          // a deletion (empty on the new side) touches the line it sits before
          int endB = Math.max(e.getEndB(), e.getBeginB() + 1);
          if (e.getBeginB() < span.to() && span.from() < endB && e.getBeginA() < e.getEndA()) {
            min = Math.min(min, e.getBeginA());
            max = Math.max(max, e.getEndA());
          }
        }
        return max < 0 ? null : new OldSide(d.getOldPath(), min, max);
      }
    }
    return null;
  }
}
