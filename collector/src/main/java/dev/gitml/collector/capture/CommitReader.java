package dev.gitml.collector.capture;

import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Hunk;
import java.io.Closeable;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * Reads one commit with JGit into a full commit record: the full message, the author and the
 * author's own UTC offset, the files changed (renames as their new path), per-file line counts and
 * hunks against the first parent (so a merge shows what it brought to its branch), and notes on
 * what was left out: binary files, files over {@link #MAX_FILE_BYTES}, hunks past {@link
 * #MAX_HUNK_LINES}, objects missing from a partial clone. Not thread-safe; one per thread.
 */
public final class CommitReader implements Closeable {
  /** A side of a file larger than this is counted as changed but not diffed. */
  public static final int MAX_FILE_BYTES = 1 << 20;

  /** Lines of hunks kept per commit: a vendored library or a generated file stops here. */
  public static final int MAX_HUNK_LINES = 20_000;

  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

  private final RevWalk walk;
  private final ObjectReader reader;
  private final DiffFormatter diff;

  public CommitReader(Repository repo) {
    this.reader = repo.newObjectReader();
    this.walk = new RevWalk(reader);
    this.diff = new DiffFormatter(DisabledOutputStream.INSTANCE);
    diff.setReader(reader, repo.getConfig());
    diff.setDiffComparator(RawTextComparator.DEFAULT);
    diff.setDetectRenames(true);
  }

  /** The commit {@code c} (parsed by any walk of this repository) as a full record. */
  public CommitFull read(RevCommit c, String branch) throws IOException {
    RevCommit commit = walk.parseCommit(c);
    RevCommit parent = commit.getParentCount() > 0 ? walk.parseCommit(commit.getParent(0)) : null;
    PersonIdent author = commit.getAuthorIdent();
    ZoneOffset offset = author.getZoneOffset();
    OffsetDateTime when = author.getWhenAsInstant().atOffset(offset);
    Long sinceParent = null;
    if (parent != null) {
      sinceParent =
          (author.getWhenAsInstant().toEpochMilli()
                  - parent.getAuthorIdent().getWhenAsInstant().toEpochMilli())
              / 1000;
    }

    Set<String> files = new LinkedHashSet<>();
    List<Hunk> hunks = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int[] counts = new int[3]; // insertions, deletions, hunk lines kept
    List<DiffEntry> entries;
    try {
      entries = diff.scan(parent == null ? null : parent.getTree(), commit.getTree());
    } catch (MissingObjectException e) {
      notes.add("unreadable: tree " + e.getObjectId().name() + " is missing (a partial clone)");
      entries = List.of();
    }
    for (DiffEntry e : entries) {
      String path =
          e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath();
      files.add(path);
      readFile(e, path, hunks, notes, counts);
    }
    return new CommitFull(
        commit.name(),
        commit.getFullMessage(),
        author.getName(),
        when.format(ISO),
        branch,
        List.copyOf(files),
        counts[0],
        counts[1],
        when.getHour(),
        when.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH),
        commit.getParentCount() > 1,
        commit.getParentCount() == 0,
        commit.getParentCount(),
        sinceParent,
        hunks,
        null,
        false,
        false,
        notes);
  }

  private void readFile(
      DiffEntry e, String path, List<Hunk> hunks, List<String> notes, int[] counts)
      throws IOException {
    if (e.getOldMode().getObjectType() != org.eclipse.jgit.lib.Constants.OBJ_BLOB
            && e.getChangeType() != DiffEntry.ChangeType.ADD
        || e.getNewMode().getObjectType() != org.eclipse.jgit.lib.Constants.OBJ_BLOB
            && e.getChangeType() != DiffEntry.ChangeType.DELETE) {
      return; // a submodule or a symlink target change: nothing to diff
    }
    byte[] a;
    byte[] b;
    try {
      a = e.getChangeType() == DiffEntry.ChangeType.ADD ? new byte[0] : load(e.getOldId());
      b = e.getChangeType() == DiffEntry.ChangeType.DELETE ? new byte[0] : load(e.getNewId());
    } catch (MissingObjectException missing) {
      notes.add(
          "unreadable: "
              + path
              + " (object "
              + missing.getObjectId().name()
              + " is missing, a partial clone)");
      return;
    }
    if (a == null || b == null) {
      notes.add("large: " + path + " (over " + MAX_FILE_BYTES + " bytes, not diffed)");
      return;
    }
    if (RawText.isBinary(a) || RawText.isBinary(b)) {
      notes.add("binary: " + path);
      return;
    }
    RawText ta = new RawText(a);
    RawText tb = new RawText(b);
    EditList edits = HunkBuilder.edits(ta, tb);
    String type =
        switch (e.getChangeType()) {
          case ADD, COPY -> "add";
          case DELETE -> "delete";
          case RENAME -> "rename";
          case MODIFY -> "modify";
        };
    List<Hunk> built = HunkBuilder.hunks(path, type, ta, tb, edits);
    for (int i = 0; i < built.size(); i++) {
      // counted from the edit: a hunk's lists are shorter where a private key became a marker
      Edit edit = edits.get(i);
      Hunk h = built.get(i);
      counts[0] += edit.getLengthB();
      counts[1] += edit.getLengthA();
      int size = h.linesAdded().size() + h.linesRemoved().size();
      if (counts[2] + size > MAX_HUNK_LINES) {
        if (notes.stream().noneMatch(n -> n.startsWith("truncated:"))) {
          notes.add("truncated: hunks past " + MAX_HUNK_LINES + " lines left out");
        }
        continue;
      }
      counts[2] += size;
      hunks.add(h);
    }
  }

  /** The blob's bytes, or null when it is larger than {@link #MAX_FILE_BYTES}. */
  private byte[] load(AbbreviatedObjectId id) throws IOException {
    ObjectLoader loader = reader.open(id.toObjectId());
    if (loader.getSize() > MAX_FILE_BYTES) {
      return null;
    }
    return loader.getCachedBytes(MAX_FILE_BYTES);
  }

  @Override
  public void close() {
    diff.close();
    walk.close();
    reader.close();
  }
}
