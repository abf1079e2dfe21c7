package dev.gitml.collector.daemon;

import java.io.OutputStream;

/**
 * Command lines the daemon runs for a client, so that a quick read ({@code gitml search}) costs a
 * connection to a warm process instead of a JVM start (docs/architecture.md, "Commands the daemon
 * answers"). The command line itself lives above the collector; the daemon only carries the bytes.
 */
public interface CommandService {
  /**
   * Whether the daemon runs this request as the client would run it itself; when not, the client
   * does.
   */
  boolean serves(CommandRequest request);

  /**
   * Runs the command line, writing what it prints to {@code out} and {@code err}; its exit code.
   */
  int run(CommandRequest request, OutputStream out, OutputStream err);
}
