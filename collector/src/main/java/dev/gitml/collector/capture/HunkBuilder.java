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
    for (Edit e : edits) {
      String type = changeType;
      if (type.equals("modify")) {
        type = e.getType() == Edit.Type.INSERT ? "add"
            : e.getType() == Edit.Type.DELETE ? "delete" : "modify";
      }
      out.add(new Hunk(file, function(a.size() > 0 ? a : b, a.size() > 0 ? e.getBeginA()
              : e.getBeginB()),
          e.getBeginB() + 1,
          lines(b, e.getBeginB(), e.getEndB()),
          lines(a, e.getBeginA(), e.getEndA()),
          lines(b, Math.max(0, e.getBeginB() - CONTEXT), e.getBeginB()),
          lines(b, e.getEndB(), Math.min(b.size(), e.getEndB() + CONTEXT)),
          type));
    }
    return out;
  }

  /** The nearest line above {@code line} that git's default funcname rule accepts, or null. */
  static String function(RawText text, int line) {
    for (int i = Math.min(line, text.size()) - 1; i >= 0; i--) {
      String s = text.getString(i);
      if (!s.isEmpty()) {
        char c = s.charAt(0);
        if (Character.isLetter(c) || c == '_' || c == '$') {
          return s.strip();
        }
      }
    }
    return null;
  }

  private static List<String> lines(RawText t, int from, int to) {
    List<String> out = new ArrayList<>(Math.max(0, to - from));
    for (int i = from; i < to; i++) {
      out.add(t.getString(i));
    }
    return out;
  }
}
