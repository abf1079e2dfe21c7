package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands the daemon answers: the launcher's client ({@code launcher/gitml-client.pl}, run by
 * perl as the launcher runs it) against a real daemon process, printing byte for byte what the same
 * command line prints run by itself.
 */
class DaemonCommandsTest {
  private static final Path CLIENT = Path.of("..", "launcher", "gitml-client.pl");
  private static final int RUN_IT_YOURSELF = 222;

  @TempDir Path tmp;

  @Test
  void client_searchAndShowThroughTheDaemon_sameOutputErrorsAndExitCodeAsRunDirectly()
      throws Exception {
    assumeTrue(perl(), "perl is not installed: the launcher's client is not tried");
    HistoryRepo h = new HistoryRepo(tmp);
    assertEquals(0, h.fx.gitml("daemon", "start").exit());
    try {
      for (List<String> args :
          List.of(
              List.of("search", "readme"),
              List.of("search", "hello", "--json"),
              List.of("search", "--type", "chat", "hello world"),
              List.of("show", h.bySession),
              List.of("show", HistoryRepo.CHAT, "--json"),
              List.of("search"),
              List.of("show", "nothing-by-this-id"))) {
        Run viaDaemon = client(h, args);
        CliRun direct = h.fx.gitml(args.toArray(String[]::new));

        assertEquals(direct.exit(), viaDaemon.exit(), args + ": " + viaDaemon.err());
        assertEquals(direct.out(), viaDaemon.out(), args.toString());
        assertEquals(direct.err(), viaDaemon.err(), args.toString());
      }
      assertTrue(client(h, List.of("search", "readme")).out().contains("docs: a **readme**"));
    } finally {
      h.fx.gitml("daemon", "stop");
    }
  }

  @Test
  void client_commandTheDaemonDoesNotRun_runItYourselfNothingPrinted() throws Exception {
    assumeTrue(perl(), "perl is not installed: the launcher's client is not tried");
    HistoryRepo h = new HistoryRepo(tmp);
    assertEquals(0, h.fx.gitml("daemon", "start").exit());
    try {
      Run stats = client(h, List.of("stats"));

      assertEquals(new Run(RUN_IT_YOURSELF, "", ""), stats);
    } finally {
      h.fx.gitml("daemon", "stop");
    }
  }

  @Test
  void client_noDaemon_runItYourselfNothingPrinted() throws Exception {
    assumeTrue(perl(), "perl is not installed: the launcher's client is not tried");
    HistoryRepo h = new HistoryRepo(tmp);

    assertEquals(new Run(RUN_IT_YOURSELF, "", ""), client(h, List.of("search", "readme")));
  }

  @Test
  void client_olderDaemonAnsweringJson_runItYourselfNothingPrinted() throws Exception {
    assumeTrue(perl(), "perl is not installed: the launcher's client is not tried");
    HistoryRepo h = new HistoryRepo(tmp);
    Path socket = Files.createDirectories(h.fx.home).resolve("daemon.sock");
    try (java.nio.channels.ServerSocketChannel older =
        java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      older.bind(java.net.UnixDomainSocketAddress.of(socket));
      Thread answer =
          new Thread(
              () -> {
                // as a daemon before `run` did: read a line, answer one line of JSON, close
                try (java.nio.channels.SocketChannel c = older.accept()) {
                  c.read(java.nio.ByteBuffer.allocate(256));
                  c.write(
                      java.nio.ByteBuffer.wrap(
                          "{\"error\":\"unknown command: run\"}\n"
                              .getBytes(StandardCharsets.UTF_8)));
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      answer.start();

      Run run = client(h, List.of("search", "readme"));

      answer.join(10_000);
      assertEquals(new Run(RUN_IT_YOURSELF, "", ""), run);
    }
  }

  @Test
  void client_daemonThatNeverTakesTheCommand_runItYourselfWithinSeconds() throws Exception {
    assumeTrue(perl(), "perl is not installed: the launcher's client is not tried");
    HistoryRepo h = new HistoryRepo(tmp);
    Path socket = Files.createDirectories(h.fx.home).resolve("daemon.sock");
    try (java.nio.channels.ServerSocketChannel stuck =
        java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      stuck.bind(java.net.UnixDomainSocketAddress.of(socket));
      // the connection is taken (the listen queue), never read nor answered

      long start = System.nanoTime();
      Run run = client(h, List.of("search", "readme"));

      assertEquals(new Run(RUN_IT_YOURSELF, "", ""), run);
      assertTrue(System.nanoTime() - start < 20_000_000_000L, "the client gave up");
    }
  }

  @Test
  void client_argumentFile_runItYourself() throws Exception {
    assumeTrue(perl(), "perl is not installed: the launcher's client is not tried");
    HistoryRepo h = new HistoryRepo(tmp);
    Files.writeString(h.fx.repo.resolve("q.txt"), "readme\n");
    assertEquals(0, h.fx.gitml("daemon", "start").exit());
    try {
      // picocli reads @q.txt relative to the process's directory: the client's, not the daemon's
      assertEquals(new Run(RUN_IT_YOURSELF, "", ""), client(h, List.of("search", "@q.txt")));
    } finally {
      h.fx.gitml("daemon", "stop");
    }
  }

  /** The client run in the repository, as the launcher runs it. */
  private static Run client(HistoryRepo h, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of("perl", CLIENT.toString()));
    command.add(h.fx.home.resolve("daemon.sock").toString());
    command.addAll(args);
    command.set(1, CLIENT.toAbsolutePath().toString());
    ProcessBuilder pb = new ProcessBuilder(command).directory(h.fx.repo.toFile());
    pb.environment().clear();
    pb.environment().putAll(h.fx.env);
    Path err = Files.createTempFile(h.fx.repo.getParent(), "client", ".err");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the client ended");
    return new Run(p.exitValue(), out, Files.readString(err));
  }

  private static boolean perl() {
    try {
      return new ProcessBuilder("perl", "-e", "exit 0").start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private record Run(int exit, String out, String err) {}
}
