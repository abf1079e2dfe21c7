package dev.gitml.storage;

import java.io.IOException;

/** A store operation that cannot be done; the message says why and where. */
public class StoreException extends IOException {
  public StoreException(String message) {
    super(message);
  }
}
