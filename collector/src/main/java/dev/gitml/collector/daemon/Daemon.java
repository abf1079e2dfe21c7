package dev.gitml.collector.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.session.ClaudeProjects;
import dev.gitml.storage.ErrorText;
import dev.gitml.storage.json.Mappers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The collector daemon: one per user (an exclusive lock on {@code daemon.lock}), serving every
 * repository set up with gitml. It watches the inbox, processes events as they arrive, answers
 * {@code status}, {@code flush} and {@code stop} on a Unix socket ({@code daemon.sock}, 0600), and
 * exits after {@link #IDLE} without events.
 */
public final class Daemon implements AutoCloseable {
  public static final Duration IDLE = Duration.ofMinutes(15);
  private static final ObjectMapper JSON = Mappers.JSON;

  /** How often the inbox is looked at even without a file-system notification. */
  private static final long POLL_MILLIS = 500;

  /** Quiet time after work before the daemon hands unused heap back to the system. */
  private static final long SETTLE_MILLIS = 5_000;

  private final GitmlHome home;
  private final Duration idle;
  private final Consumer<String> log;
  private final EventProcessor processor;
  private final Housekeeping housekeeping;
  private final AutoTrain autoTrain;
  private final ReentrantLock processing = new ReentrantLock();
  private final FileChannel lockChannel;
  private final FileLock lock;
  private volatile boolean running = true;
  private volatile long lastActivity = System.currentTimeMillis();
  private boolean settled;
  private ServerSocketChannel server;
  private CommandRunner commands;

  private Daemon(
      GitmlHome home,
      ClaudeProjects projects,
      java.util.List<dev.gitml.collector.session.SessionSource> sources,
      Duration idle,
      Consumer<String> log,
      FileChannel lockChannel,
      FileLock lock) {
    this.home = home;
    this.idle = idle;
    this.log = log;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.processor = new EventProcessor(home, projects, sources, Clock.systemUTC(), log);
    this.housekeeping = new Housekeeping(Clock.systemUTC(), Housekeeping.EVERY, log);
    this.autoTrain = new AutoTrain(Clock.systemUTC(), log);
  }

  /**
   * Takes the daemon lock; empty when another process holds it (a daemon already runs, or another
   * {@code --once} pass).
   */
  public static java.util.Optional<Daemon> lock(
      GitmlHome home, ClaudeProjects projects, Duration idle, Consumer<String> log)
      throws IOException {
    return lock(home, projects, java.util.List.of(projects), idle, log);
  }

  /** As above; the sweep looks for sessions in {@code sources} too (every assistant's). */
  public static java.util.Optional<Daemon> lock(
      GitmlHome home,
      ClaudeProjects projects,
      java.util.List<dev.gitml.collector.session.SessionSource> sources,
      Duration idle,
      Consumer<String> log)
      throws IOException {
    home.create();
    FileChannel ch =
        FileChannel.open(home.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = ch.tryLock();
    if (lock == null) {
      ch.close();
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Daemon(home, projects, sources, idle, log, ch, lock));
  }

  /** Processes the inbox once, in this process. */
  public EventProcessor.Pass drain() throws IOException {
    processing.lock();
    try {
      lastActivity = System.currentTimeMillis();
      EventProcessor.Pass pass = processor.drain();
      housekeeping.touched(pass.repos());
      if (pass.commits() + pass.chats() > 0) {
        // the milestones only move when records come in
        pass.repos().forEach(autoTrain::afterRecords);
      }
      return pass;
    } finally {
      processing.unlock();
    }
  }

  /** Serves until stopped or idle. */
  public void serve() throws IOException {
    Files.writeString(home.pidFile(), ProcessHandle.current().pid() + "\n");
    Files.deleteIfExists(home.socket());
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(home.socket()));
    try {
      Files.setPosixFilePermissions(home.socket(), PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not POSIX
    }
    Thread control = new Thread(this::acceptLoop, "gitml-control");
    control.setDaemon(true);
    control.start();
    log.accept("daemon started, pid " + ProcessHandle.current().pid());
    try (WatchService watch = FileSystems.getDefault().newWatchService()) {
      home.inbox()
          .dir()
          .register(
              watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      while (running) {
        try {
          EventProcessor.Pass pass = drain();
          // events that wait (an outage) keep the daemon up: it retries them, no hook may come
          if (pass.processed() + pass.setAside() + pass.waiting() > 0) {
            lastActivity = System.currentTimeMillis();
            settled = false;
          }
          housekeep(false);
          settle();
        } catch (IOException | RuntimeException e) {
          log.accept("pass failed: " + ErrorText.of(e));
        }
        if (autoTrain.busy()) {
          lastActivity = System.currentTimeMillis(); // a trainer runs: not idle
        }
        if (System.currentTimeMillis() - lastActivity > idle.toMillis()) {
          housekeep(true);
          log.accept("idle for " + idle.toMinutes() + " min: exiting");
          break;
        }
        var key = watch.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      log.accept("daemon stopped");
    }
  }

  /**
   * Once work has been quiet for a few seconds, collects the garbage of the last burst so the heap
   * shrinks (with the launch options of {@code gitml daemon start}) and an idle daemon holds little
   * memory.
   */
  private void settle() {
    if (!settled && System.currentTimeMillis() - lastActivity > SETTLE_MILLIS) {
      settled = true;
      System.gc();
    }
  }

  /** Compacts the chunks of repositories that are due (all that received records when idle). */
  private void housekeep(boolean all) {
    processing.lock();
    try {
      housekeeping.run(all);
    } finally {
      processing.unlock();
    }
  }

  /**
   * Answers the command lines of {@code commands} on the socket too ({@code run} requests), from
   * the next {@link #serve}.
   */
  public void answerCommands(CommandService commands) {
    this.commands =
        new CommandRunner(commands, log, () -> lastActivity = System.currentTimeMillis());
  }

  private void acceptLoop() {
    while (running) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        log.accept("control: " + ErrorText.of(e));
        continue;
      }
      // each client on a thread of its own: one that never sends its line holds up nobody
      Thread thread = new Thread(() -> serveClient(client), "gitml-control-client");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private void serveClient(SocketChannel client) {
    try (client) {
      byte[] head = readHead(client);
      String command = firstLine(head);
      if (command.equals(CommandRequest.VERB) && commands != null) {
        commands.answer(client, head);
        return;
      }
      ObjectNode reply = answer(command);
      client.write(
          ByteBuffer.wrap(
              (JSON.writeValueAsString(reply) + "\n").getBytes(StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      log.accept("control: " + ErrorText.of(e));
    }
  }

  private ObjectNode answer(String command) throws IOException {
    ObjectNode reply = JSON.createObjectNode();
    switch (command) {
      case "status" -> {
        reply.put("running", true);
        reply.put("pid", ProcessHandle.current().pid());
        reply.put("inbox", home.inbox().size());
      }
      case "flush" -> {
        int processed = 0;
        EventProcessor.Pass pass;
        do {
          pass = drain();
          processed += pass.processed();
        } while (pass.processed() > 0 && pass.waiting() == 0);
        reply.put("processed", processed);
        reply.put("waiting", pass.waiting());
        var why = reply.putArray("why");
        pass.why().forEach(why::add);
      }
      case "stop" -> {
        running = false;
        reply.put("stopping", true);
      }
      default -> reply.put("error", "unknown command: " + command);
    }
    return reply;
  }

  /** A request's bytes up to its first line's end (or the client's end), perhaps a few more. */
  private static byte[] readHead(SocketChannel client) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(256);
    while (client.read(buf) > 0) {
      head.write(buf.array(), 0, buf.position());
      for (int i = 0; i < buf.position(); i++) {
        if (buf.get(i) == '\n') {
          return head.toByteArray();
        }
      }
      buf.clear();
      if (head.size() > 4096) {
        break; // no command is that long
      }
    }
    return head.toByteArray();
  }

  private static String firstLine(byte[] head) {
    String text = new String(head, StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).trim();
  }

  @Override
  public void close() throws IOException {
    running = false;
    autoTrain.close();
    if (server != null) {
      server.close();
      Files.deleteIfExists(home.socket());
      Files.deleteIfExists(home.pidFile());
    }
    lock.release();
    lockChannel.close();
  }
}
