package dev.gitml.collector.tasks;

import dev.gitml.storage.record.Link;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Task references in a commit message or a branch name: GitHub's {@code #123} and {@code GH-123}
 * (both written {@code #123}), a tracker key such as Jira's {@code PROJ-123}, and the Python
 * collector's task ids {@code T-YYYYMMDD-HHMMSS-xxxx[-NNN]} ({@code task_linker.py}). Each comes
 * with what the commit says of it: a closing keyword (GitHub's "fixes, closes, resolves" and their
 * forms, and the Python tool's "completes", "implements") right before it makes it {@link
 * Link.Kind#COMPLETES}; anything else, a bare mention or "refs", "see", "part of", {@link
 * Link.Kind#REFERENCES}. A branch name only refers.
 */
public final class TaskReferences {
  /** One reference: the task as links name it, and what the commit does to it. */
  public record Ref(String task, Link.Kind kind) {}

  // task_linker.py's TASK_ID_PATTERN, case-insensitive; written with a capital T and lower-case
  // hex, as the Python tool makes its ids.
  private static final Pattern PYTHON_TASK =
      Pattern.compile("(?i)\\bT-\\d{8}-\\d{6,14}-[a-f0-9]{4}(?:-\\d{3})?\\b");
  private static final Pattern GITHUB = Pattern.compile("(?i)(?<![\\w&/])(?:GH-|#)(\\d{1,7})\\b");
  private static final Pattern TRACKER = Pattern.compile("\\b([A-Z][A-Z0-9]{1,9})-(\\d{1,7})\\b");

  /** Branch names GitHub makes for an issue ({@code 123-fix-login}) or people type. */
  private static final Pattern BRANCH_NUMBER =
      Pattern.compile("(?i)(?:^|/)(?:issue-|issues/|gh-)?(\\d{1,7})(?:-|$)");

  /**
   * Words that look like a tracker key but name a standard or an encoding ({@code UTF-8}, {@code
   * SHA-256}, {@code ISO-8601}, {@code RFC-7231}, {@code CVE-2024-…}).
   */
  private static final Set<String> NOT_TRACKERS =
      Set.of(
          "UTF", "SHA", "ISO", "RFC", "CVE", "CWE", "HTTP", "TLS", "SSL", "MD", "AES", "RSA", "PEP",
          "JSR", "JEP", "ES", "GPL", "LGPL", "AGPL", "BSD", "MPL", "CC", "WIN", "X", "GH", "IPV",
          "UTC", "GMT", "ECMA", "ANSI", "IEEE", "PR", "CP", "LTS");

  private static final Set<String> COMPLETING =
      Set.of(
          "close",
          "closes",
          "closed",
          "fix",
          "fixes",
          "fixed",
          "resolve",
          "resolves",
          "resolved",
          "complete",
          "completes",
          "completed",
          "implement",
          "implements",
          "implemented");

  /** How much text before a reference is looked at for its verb, in characters. */
  private static final int VERB_REACH = 30;

  private TaskReferences() {}

  /** The references in a commit message, each task once (completing wins over referring). */
  public static List<Ref> inMessage(String message) {
    if (message == null || message.isEmpty()) {
      return List.of();
    }
    Map<String, Link.Kind> found = new LinkedHashMap<>();
    Matcher m = PYTHON_TASK.matcher(message);
    while (m.find()) {
      add(found, "T" + m.group().substring(1).toLowerCase(Locale.ROOT), verb(message, m.start()));
    }
    m = GITHUB.matcher(message);
    while (m.find()) {
      add(found, "#" + Integer.parseInt(m.group(1)), verb(message, m.start()));
    }
    m = TRACKER.matcher(message);
    while (m.find()) {
      if (trackerKey(m.group(1)) && !insidePythonTask(message, m.start())) {
        add(found, m.group(1) + "-" + Integer.parseInt(m.group(2)), verb(message, m.start()));
      }
    }
    List<Ref> out = new ArrayList<>(found.size());
    found.forEach((task, kind) -> out.add(new Ref(task, kind)));
    return out;
  }

  /** The references in a branch name ({@code fix/PROJ-12-login}, {@code 123-login}). */
  public static List<Ref> inBranch(String branch) {
    if (branch == null || branch.isEmpty()) {
      return List.of();
    }
    Map<String, Link.Kind> found = new LinkedHashMap<>();
    for (Ref r : inMessage(branch)) {
      found.put(r.task(), Link.Kind.REFERENCES);
    }
    Matcher m = BRANCH_NUMBER.matcher(branch);
    if (m.find()) {
      found.putIfAbsent("#" + Integer.parseInt(m.group(1)), Link.Kind.REFERENCES);
    }
    List<Ref> out = new ArrayList<>(found.size());
    found.forEach((task, kind) -> out.add(new Ref(task, kind)));
    return out;
  }

  /**
   * Whether a word before {@code -<number>} is a tracker's project key: not a known standard, and
   * not ending in a digit, as algorithm and format names do ({@code SHAKE128-256}, {@code
   * SHA3-512}, {@code CRC16-CCITT}) and project keys almost never do (on commons-codec, jbang and
   * yargs this leaves only real keys: {@code CODEC-123}, {@code SUREFIRE-2253}).
   */
  private static boolean trackerKey(String word) {
    return !NOT_TRACKERS.contains(word) && !Character.isDigit(word.charAt(word.length() - 1));
  }

  private static void add(Map<String, Link.Kind> found, String task, Link.Kind kind) {
    found.merge(task, kind, (a, b) -> a == Link.Kind.COMPLETES ? a : b);
  }

  /** A tracker-looking match that is the {@code T-…} of a Python task id is not a second task. */
  private static boolean insidePythonTask(String message, int at) {
    Matcher m = PYTHON_TASK.matcher(message);
    while (m.find()) {
      if (at >= m.start() && at < m.end()) {
        return true;
      }
    }
    return false;
  }

  /**
   * What the word just before a reference says of it: a closing keyword, optionally with a colon
   * ("Fixes #1", "closes: PROJ-2"), completes it, as GitHub's closing keywords work; so in "Fixes
   * #1, see #2" only #1 is completed, and "fix: retry on timeout (#12)", a squash merge's pull
   * request number after a commit type, is only referred to.
   */
  private static Link.Kind verb(String message, int at) {
    String before = message.substring(Math.max(0, at - VERB_REACH), at);
    Matcher m = LAST_WORD.matcher(before);
    return m.find() && COMPLETING.contains(m.group(1).toLowerCase(Locale.ROOT))
        ? Link.Kind.COMPLETES
        : Link.Kind.REFERENCES;
  }

  private static final Pattern LAST_WORD = Pattern.compile("([A-Za-z]+):?\\s+$");
}
