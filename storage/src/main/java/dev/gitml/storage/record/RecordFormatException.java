package dev.gitml.storage.record;

import java.io.IOException;

/** A line that is not a valid record envelope; the message names what is wrong. */
public class RecordFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public RecordFormatException(String message) {
    super(message);
  }

  public RecordFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
