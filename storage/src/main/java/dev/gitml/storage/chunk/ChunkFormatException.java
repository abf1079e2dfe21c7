package dev.gitml.storage.chunk;

import java.io.IOException;

/** A sealed chunk or open segment whose bytes do not read as the format says. */
public class ChunkFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public ChunkFormatException(String message) {
    super(message);
  }

  public ChunkFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
