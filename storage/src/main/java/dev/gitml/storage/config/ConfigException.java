package dev.gitml.storage.config;

import java.io.IOException;

/** A config.json that cannot be used; the message names the file and the key. */
public class ConfigException extends IOException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
