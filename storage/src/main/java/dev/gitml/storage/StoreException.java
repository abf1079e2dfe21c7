package dev.gitml.storage;

import java.io.IOException;

/** A store operation that cannot be done; the message says why and where. */
public class StoreException extends IOException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }
}
