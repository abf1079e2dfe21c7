package dev.gitml.collector.inbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event from a hook, as the launcher ({@code hooks/gitml-hook}) writes it into the inbox:
 *
 * <pre>
 * gitml-event 1          header lines "key value" (DESIGN §2)
 * event post-commit
 * repo /home/ana/src/app
 * git-dir /home/ana/src/app/.git
 * head 3f2a…             (empty when the launcher could not read it: packed refs, worktrees)
 * branch main
 * args amend             the hook's arguments (post-rewrite: amend or rebase)
 *                        a blank line
 * …                      the body: the hook's stdin (post-rewrite: "old new" lines)
 * gitml-end              the file is whole
 * </pre>
 *
 * @param name the event file's name in the inbox
 */
public record Event(String name, String type, Path repo, Path gitDir, String head, String branch,
    String args, String body, long mtime) {
  public static final int VERSION = 1;
  static final String END = "gitml-end";

  /** An event file that is not one: set aside with the reason. */
  public static final class FormatException extends IOException {
    public FormatException(String message) {
      super(message);
    }
  }

  /** Whether {@code file} has been written to its end (its last line is {@code gitml-end}). */
  static boolean complete(byte[] content) {
    String s = new String(content, StandardCharsets.ISO_8859_1);
    return s.endsWith("\n" + END + "\n") || s.equals(END + "\n");
  }

  /** Reads a complete event file. */
  public static Event read(Path file) throws IOException {
    byte[] content = Files.readAllBytes(file);
    String name = file.getFileName().toString();
    if (!complete(content)) {
      throw new FormatException(name + ": does not end with " + END + " (cut short)");
    }
    String text = new String(content, StandardCharsets.UTF_8);
    int blank = text.indexOf("\n\n");
    if (blank < 0) {
      throw new FormatException(name + ": no blank line after the headers");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : text.substring(0, blank).split("\n")) {
      int space = line.indexOf(' ');
      headers.put(space < 0 ? line : line.substring(0, space),
          space < 0 ? "" : line.substring(space + 1));
    }
    String version = headers.get("gitml-event");
    if (version == null) {
      throw new FormatException(name + ": not a gitml event (no gitml-event header)");
    }
    if (!version.equals(Integer.toString(VERSION))) {
      throw new FormatException(name + ": event format " + version + ", this gitml reads "
          + VERSION);
    }
    String type = headers.getOrDefault("event", "");
    String repo = headers.getOrDefault("repo", "");
    if (type.isEmpty() || repo.isEmpty() || !repo.startsWith("/")) {
      throw new FormatException(name + ": needs an event and an absolute repo path");
    }
    String body = text.substring(blank + 2, text.length() - END.length() - 1);
    String gitDir = headers.getOrDefault("git-dir", "");
    return new Event(name, type, Path.of(repo), gitDir.isEmpty() ? null : Path.of(gitDir),
        headers.getOrDefault("head", ""), headers.getOrDefault("branch", ""),
        headers.getOrDefault("args", ""), body,
        Files.getLastModifiedTime(file).toMillis());
  }
}
