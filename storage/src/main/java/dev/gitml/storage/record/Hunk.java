package dev.gitml.storage.record;

import java.util.List;

/**
 * One diff hunk of a full commit record. {@code function} is the enclosing function or section
 * heading that git prints after {@code @@}; {@code change_type} is add, delete, modify or rename.
 */
public record Hunk(
    String file,
    String function,
    int startLine,
    List<String> linesAdded,
    List<String> linesRemoved,
    List<String> contextBefore,
    List<String> contextAfter,
    String changeType) {

  public Hunk {
    linesAdded = linesAdded == null ? List.of() : List.copyOf(linesAdded);
    linesRemoved = linesRemoved == null ? List.of() : List.copyOf(linesRemoved);
    contextBefore = contextBefore == null ? List.of() : List.copyOf(contextBefore);
    contextAfter = contextAfter == null ? List.of() : List.copyOf(contextAfter);
  }
}
