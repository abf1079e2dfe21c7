package dev.gitml.storage;

import java.util.List;

/**
 * What {@code gitml chunks verify} found: problems (each fails verification, one line naming the
 * file and place) and notes (recoverable, such as a torn last line cut off on the next write).
 */
public record VerifyReport(int files, long records, List<String> problems, List<String> notes) {
  public boolean sound() {
    return problems.isEmpty();
  }
}
