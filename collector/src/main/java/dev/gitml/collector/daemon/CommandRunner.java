package dev.gitml.collector.daemon;

import dev.gitml.storage.ErrorText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Runs the {@code run} requests that reach the daemon's socket, each on a thread of its own so that
 * a long command never holds up {@code status} or {@code stop}. At most {@link #AT_ONCE} run
 * together; past that, and for a command line the {@link CommandService} does not serve, the client
 * is told to run it itself.
 */
final class CommandRunner {
  /** Commands run at once: they share the daemon's small heap with its own work. */
  static final int AT_ONCE = 2;

  /** Free heap below which a command is handed back to the client rather than run here. */
  private static final long MIN_FREE_HEAP = 24L << 20;

  /** A request's arguments and environment: more than this is not a command line. */
  private static final int MAX_REQUEST = 1 << 20;

  private final CommandService commands;
  private final Consumer<String> log;
  private final Runnable onRun;
  private final Semaphore slots = new Semaphore(AT_ONCE);

  /**
   * @param onRun called as each command starts (the daemon counts it as activity)
   */
  CommandRunner(CommandService commands, Consumer<String> log, Runnable onRun) {
    this.commands = commands;
    this.log = log;
    this.onRun = onRun;
  }

  /**
   * Answers {@code client}, whose request began with {@code head} (the {@code run} line and perhaps
   * some fields), on the calling thread (one of the client's own); closes the client.
   */
  void answer(SocketChannel client, byte[] head) {
    try (client) {
      ReplyFrames reply = new ReplyFrames(client);
      // read whole before a slot is taken: a client that never ends its request holds no slot
      CommandRequest request = CommandRequest.parse(rest(client, head));
      if (!slots.tryAcquire()) {
        reply.refuse();
        return;
      }
      try {
        run(request, reply);
      } finally {
        slots.release();
      }
    } catch (IOException | RuntimeException e) {
      log.accept("command: " + ErrorText.of(e));
    }
  }

  private void run(CommandRequest request, ReplyFrames reply) throws IOException {
    if (!commands.serves(request) || freeHeap() < MIN_FREE_HEAP) {
      reply.refuse();
      return;
    }
    reply.accept();
    onRun.run();
    OutputStream out = reply.stream(ReplyFrames.OUT);
    OutputStream err = reply.stream(ReplyFrames.ERR);
    int code;
    try {
      code = commands.run(request, out, err);
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      // the daemon goes on; the client hears what failed, as the command line would say it
      new PrintStream(err, true, StandardCharsets.UTF_8).println("gitml: " + ErrorText.of(e));
      code = 1;
    }
    out.flush();
    err.flush();
    reply.exit(code);
  }

  private static long freeHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
  }

  /** The request's fields: what follows the {@code run} line, read to the client's end. */
  private static byte[] rest(SocketChannel client, byte[] head) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(head);
    ByteBuffer buf = ByteBuffer.allocate(8192);
    while (client.read(buf) > 0) {
      all.write(buf.array(), 0, buf.position());
      buf.clear();
      if (all.size() > MAX_REQUEST) {
        throw new IOException("a run request longer than " + MAX_REQUEST + " bytes");
      }
    }
    byte[] bytes = all.toByteArray();
    int nl = 0;
    while (nl < bytes.length && bytes[nl] != '\n') {
      nl++;
    }
    return Arrays.copyOfRange(bytes, Math.min(nl + 1, bytes.length), bytes.length);
  }
}
