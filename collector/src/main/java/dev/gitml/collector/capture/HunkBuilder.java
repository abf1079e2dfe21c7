package dev.gitml.collector.capture;

import dev.gitml.collector.redact.Redaction;
import dev.gitml.storage.record.Hunk;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/**
 * Turns the two sides of a changed text file into hunks, one per edit, as {@code git diff} would
 * show them: the histogram algorithm, three lines of context, and the enclosing function found as
 * git's default {@code funcname} rule finds it (the nearest line above the change that starts with
 * a letter, {@code _} or {@code $}).
 *
 * <p>Private keys never enter a hunk: the lines of each side that hold one ({@link KeyLines}, found
 * in the whole file) become one {@code [REDACTED:private-key]} line per run in each list of lines,
 * and are never a heading. The redactor later sees each list as one text, but a list may hold only
 * the middle of a key, which no rule can recognise.
 */
public final class HunkBuilder {
  /** Lines of context on each side, git's default. */
  static final int CONTEXT = 3;

  /** What a key's lines become: the {@code private-key} rule's marker, so stats counts it. */
  private static final String PRIVATE_KEY = Redaction.marker("private-key");

  private static final DiffAlgorithm HISTOGRAM =
      DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM);

  private HunkBuilder() {}

  /** The edits between {@code a} and {@code b}. */
  public static EditList edits(RawText a, RawText b) {
    return HISTOGRAM.diff(RawTextComparator.DEFAULT, a, b);
  }

  /**
   * The hunks of {@code edits}; {@code changeType} is add, delete, modify or rename for the file as
   * a whole, and an edit that only inserts into or only deletes from a modified file is an add or a
   * delete.
   */
  public static List<Hunk> hunks(
      String file, String changeType, RawText a, RawText b, EditList edits) {
    List<Hunk> out = new ArrayList<>(edits.size());
    if (edits.isEmpty()) {
      return out;
    }
    RawText context = a.size() > 0 ? a : b;
    int[] headings = headings(context.getRawContent());
    KeyLines keysA = KeyLines.of(a);
    KeyLines keysB = KeyLines.of(b);
    KeyLines keysOfContext = context == a ? keysA : keysB;
    for (Edit e : edits) {
      String type = changeType;
      if (type.equals("modify")) {
        type =
            e.getType() == Edit.Type.INSERT
                ? "add"
                : e.getType() == Edit.Type.DELETE ? "delete" : "modify";
      }
      int line = Math.min(a.size() > 0 ? e.getBeginA() : e.getBeginB(), headings.length) - 1;
      int heading = line >= 0 ? headings[line] : -1;
      boolean named = heading >= 0 && !keysOfContext.has(heading); // a key's base64 line is no name
      out.add(
          new Hunk(
              file,
              named ? context.getString(heading).strip() : null,
              e.getBeginB() + 1,
              lines(b, keysB, e.getBeginB(), e.getEndB()),
              lines(a, keysA, e.getBeginA(), e.getEndA()),
              lines(b, keysB, Math.max(0, e.getBeginB() - CONTEXT), e.getBeginB()),
              lines(b, keysB, e.getEndB(), Math.min(b.size(), e.getEndB() + CONTEXT)),
              type));
    }
    return out;
  }

  /**
   * For each line, the last line at or before it that git's default funcname rule accepts (it
   * starts with a letter, {@code _} or {@code $}), or -1: one pass over the bytes, so a file with
   * many hunks is not searched backwards once per hunk.
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

  /** Lines {@code [from, to)} of {@code t}, each run of key lines as one marker line. */
  private static List<String> lines(RawText t, KeyLines keys, int from, int to) {
    List<String> out = new ArrayList<>(Math.max(0, to - from));
    for (int i = from; i < to; i++) {
      if (!keys.has(i)) {
        out.add(t.getString(i));
      } else if (i == from || !keys.has(i - 1)) {
        out.add(PRIVATE_KEY);
      }
    }
    return out;
  }
}
