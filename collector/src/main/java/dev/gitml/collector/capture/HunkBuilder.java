package dev.gitml.collector.capture;

import dev.gitml.storage.record.Hunk;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/**
 * Turns the two sides of a changed text file into hunks, one per edit, as {@code git diff}
 * would show them: the histogram algorithm, three lines of context, and the enclosing function
 * found as git's default {@code funcname} rule finds it (the nearest line above the change that
 * starts with a letter, {@code _} or {@code $}).
 */
public final class HunkBuilder {
  /** Lines of context on each side, git's default. */
  static final int CONTEXT = 3;
  private static final DiffAlgorithm HISTOGRAM =
      DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM);

  private HunkBuilder() {}

  /** The edits between {@code a} and {@code b}. */
  public static EditList edits(RawText a, RawText b) {
    return HISTOGRAM.diff(RawTextComparator.DEFAULT, a, b);
  }

  /**
   * The hunks of {@code edits}; {@code changeType} is add, delete, modify or rename for the
   * file as a whole, and an edit that only inserts into or only deletes from a modified file is
   * an add or a delete.
   */
  public static List<Hunk> hunks(String file, String changeType, RawText a, RawText b,
      EditList edits) {
    List<Hunk> out = new ArrayList<>(edits.size());
    RawText context = a.size() > 0 ? a : b;
    int[] headings = edits.isEmpty() ? new int[0] : headings(context.getRawContent());
    for (Edit e : edits) {
      String type = changeType;
      if (type.equals("modify")) {
        type = e.getType() == Edit.Type.INSERT ? "add"
            : e.getType() == Edit.Type.DELETE ? "delete" : "modify";
      }
      int line = Math.min(a.size() > 0 ? e.getBeginA() : e.getBeginB(), headings.length) - 1;
      int heading = line >= 0 ? headings[line] : -1;
      out.add(new Hunk(file, heading < 0 ? null : context.getString(heading).strip(),
          e.getBeginB() + 1,
          lines(b, e.getBeginB(), e.getEndB()),
          lines(a, e.getBeginA(), e.getEndA()),
          lines(b, Math.max(0, e.getBeginB() - CONTEXT), e.getBeginB()),
          lines(b, e.getEndB(), Math.min(b.size(), e.getEndB() + CONTEXT)),
          type));
    }
    return out;
  }

  /**
   * For each line, the last line at or before it that git's default funcname rule accepts (it
   * starts with a letter, {@code _} or {@code $}), or -1: one pass over the bytes, so a file
   * with many hunks is not searched backwards once per hunk.
   */
  static int[] headings(byte[] content) {
    int lines = 0;
    for (byte c : content) {
      if (c == '\n') {
        lines++;
      }
    }
    if (content.length > 0 && content[content.length - 1] != '\n') {
      lines++;
    }
    int[] out = new int[lines];
    int last = -1;
    int line = 0;
    boolean atStart = true;
    for (int i = 0; i < content.length && line < lines; i++) {
      byte c = content[i];
      if (atStart) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$' || c < 0) {
          last = line; // c < 0: a non-ASCII letter's first UTF-8 byte
        }
        atStart = false;
      }
      if (c == '\n') {
        out[line++] = last;
        atStart = true;
      }
    }
    if (line < lines) {
      out[line] = last;
    }
    return out;
  }

  private static List<String> lines(RawText t, int from, int to) {
    List<String> out = new ArrayList<>(Math.max(0, to - from));
    for (int i = from; i < to; i++) {
      out.add(t.getString(i));
    }
    return out;
  }
}
