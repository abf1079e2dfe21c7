package dev.gitml.collector.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The daemon's log ({@code daemon.log} in the home): one line per event, timestamped, kept under
 * {@link #MAX_BYTES} by rolling to {@code daemon.log.1}. It names events, repositories and counts,
 * never record contents, so no secret reaches it.
 */
public final class DaemonLog implements Consumer<String> {
  static final long MAX_BYTES = 1 << 20;
  private final Path file;

  public DaemonLog(Path file) {
    this.file = file;
  }

  @Override
  public synchronized void accept(String line) {
    try {
      if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
        Files.move(
            file,
            file.resolveSibling(file.getFileName() + ".1"),
            StandardCopyOption.REPLACE_EXISTING);
      }
      Files.writeString(
          file,
          Instant.now() + " " + line.replace('\n', ' ') + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the log is a courtesy: a full disk must not stop the capture
    }
  }
}
