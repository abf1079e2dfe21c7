package dev.gitml.collector.github;

import java.io.IOException;

/** {@code gh} is missing, not logged in, or failed: the message is one line for the user. */
public final class GhException extends IOException {
  private static final long serialVersionUID = 1L;

  public GhException(String message) {
    super(message);
  }
}
