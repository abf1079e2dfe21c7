package dev.gitml.collector.daemon;

import java.io.OutputStream;
import java.util.List;

/**
 * Command lines the daemon runs for a client, so that a quick read ({@code gitml search}) costs a
 * connection to a warm process instead of a JVM start (docs/architecture.md, "Commands the daemon
 * answers"). The command line itself lives above the collector; the daemon only carries the bytes.
 */
public interface CommandService {
  /** Whether the daemon runs this command line; when not, the client runs it itself. */
  boolean serves(List<String> args);

  /**
   * Runs the command line, writing what it prints to {@code out} and {@code err}; its exit code.
   */
  int run(CommandRequest request, OutputStream out, OutputStream err);
}
