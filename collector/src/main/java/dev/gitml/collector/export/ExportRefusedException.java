package dev.gitml.collector.export;

import java.io.IOException;

/**
 * An export refused before anything was written or deleted: its {@code --out} is, holds or lies in
 * something gitml must not replace (the repository, the data directory, the home), or exists and is
 * not an export of gitml's. The message names the path, why and what to do instead.
 */
public final class ExportRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  public ExportRefusedException(String message) {
    super(message);
  }
}
