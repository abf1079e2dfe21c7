package dev.gitml.storage;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.sql.SQLException;

/**
 * One line that tells a user what went wrong. File-system exceptions often carry only a path as
 * their message ("/repo/.git-ml/local"); this adds what happened to it.
 */
public final class ErrorText {
  private ErrorText() {}

  /** SQLite's SQLITE_FULL, "database or disk is full" (https://sqlite.org/rescode.html#full). */
  static final int SQLITE_FULL = 13;

  public static String of(Throwable e) {
    String text = describe(e);
    return diskFull(e) && !text.contains("disk full") ? "disk full: " + text : text;
  }

  /**
   * Whether SQLite said the disk is full anywhere in the chain; the low byte of its code is the
   * primary result code, the rest an extended code (https://sqlite.org/rescode.html).
   */
  private static boolean diskFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s && (s.getErrorCode() & 0xff) == SQLITE_FULL) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      String what = f.getReason() != null ? f.getReason() : whatHappened(f);
      return f.getFile()
          + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "")
          + ": "
          + what;
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return message.strip().lines().findFirst().orElse(message);
  }

  private static String whatHappened(FileSystemException f) {
    if (f instanceof AccessDeniedException) {
      return "permission denied";
    } else if (f instanceof NoSuchFileException) {
      return "no such file or directory";
    } else if (f instanceof FileAlreadyExistsException) {
      return "a file is in the way";
    } else if (f instanceof NotDirectoryException) {
      return "not a directory";
    } else if (f instanceof DirectoryNotEmptyException) {
      return "directory not empty";
    }
    return f.getClass().getSimpleName();
  }
}
