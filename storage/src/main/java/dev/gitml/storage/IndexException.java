package dev.gitml.storage;

import java.io.IOException;

/** The SQLite index failed; it can always be rebuilt from the chunks. */
public class IndexException extends IOException {
  private static final long serialVersionUID = 1L;

  public IndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
