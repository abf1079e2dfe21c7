package dev.gitml.collector.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.collector.session.ClaudeProjects;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's {@code run} requests, over its real socket, with a command service of the test's.
 */
class CommandRunnerTest {
  @TempDir Path tmp;

  private GitmlHome home;
  private Daemon daemon;
  private Thread serving;

  /** Echoes its arguments to out, its directory to err; "boom" throws; serves all but "stats". */
  private final CommandService echo =
      new CommandService() {
        @Override
        public boolean serves(CommandRequest request) {
          return !request.args().contains("stats");
        }

        @Override
        public int run(CommandRequest request, OutputStream out, OutputStream err) {
          if (request.args().contains("boom")) {
            throw new IllegalStateException("boom");
          }
          try {
            out.write(String.join(" ", request.args()).getBytes(StandardCharsets.UTF_8));
            out.write(("\n" + request.env().get("WHO")).getBytes(StandardCharsets.UTF_8));
            err.write(request.cwd().toString().getBytes(StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return 3;
        }
      };

  @BeforeEach
  void startDaemon() throws Exception {
    home = GitmlHome.of(Map.of("GITML_HOME", tmp.resolve("home").toString()), tmp.toString());
    daemon =
        Daemon.lock(
                home,
                ClaudeProjects.of(Map.of(), tmp.toString()),
                Duration.ofMinutes(5),
                line -> {})
            .orElseThrow();
    daemon.answerCommands(echo);
    serving =
        new Thread(
            () -> {
              try {
                daemon.serve();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    serving.start();
    for (int i = 0; i < 200 && DaemonClient.send(home, "status").isEmpty(); i++) {
      Thread.sleep(10);
    }
  }

  @AfterEach
  void stopDaemon() throws Exception {
    DaemonClient.send(home, "stop");
    serving.join(5_000);
    daemon.close();
  }

  @Test
  void run_servedCommandLine_framesItsOutputErrorAndExitCode() throws Exception {
    Answer a =
        ask(new CommandRequest(Path.of("/w d"), List.of("search", "naïve"), Map.of("WHO", "ana")));

    assertEquals("search naïve\nana", a.out());
    assertEquals("/w d", a.err());
    assertEquals(List.of('a', 'o', 'e', 'x'), a.types());
    assertEquals(3, a.exit());
  }

  @Test
  void run_commandLineNotServed_refusedAlone() throws Exception {
    Answer a = ask(new CommandRequest(Path.of("/"), List.of("stats"), Map.of()));

    assertEquals(List.of('r'), a.types());
  }

  @Test
  void run_commandThrows_errorLineExitOneAndTheDaemonGoesOn() throws Exception {
    Answer a = ask(new CommandRequest(Path.of("/"), List.of("boom"), Map.of()));

    assertEquals("gitml: boom\n", a.err());
    assertEquals(1, a.exit());
    assertTrue(DaemonClient.send(home, "status").orElseThrow().path("running").asBoolean());
  }

  @Test
  void run_malformedRequest_closedWithoutAnswerAndTheDaemonGoesOn() throws Exception {
    Answer a = send("run\nnot a request".getBytes(StandardCharsets.UTF_8));

    assertEquals(List.of(), a.types());
    assertTrue(DaemonClient.send(home, "status").orElseThrow().path("running").asBoolean());
  }

  @Test
  void status_whileAnotherClientNeverSendsItsLine_stillAnswered() throws Exception {
    try (SocketChannel silent = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      silent.connect(UnixDomainSocketAddress.of(home.socket()));

      assertTrue(DaemonClient.send(home, "status").orElseThrow().path("running").asBoolean());
      Answer a = ask(new CommandRequest(Path.of("/"), List.of("search"), Map.of("WHO", "b")));
      assertEquals(3, a.exit());
    }
  }

  @Test
  void parse_encodedRequest_roundTrips() {
    CommandRequest r =
        new CommandRequest(
            Path.of("/a b"), List.of("-C", "x", "search", "", "a=b"), Map.of("K", "v=w"));

    assertEquals(r, CommandRequest.parse(r.encode()));
  }

  @Test
  void parse_truncatedOrRelative_rejected() {
    assertThrows(IllegalArgumentException.class, () -> CommandRequest.parse(bytes("/a\0")));
    assertThrows(
        IllegalArgumentException.class, () -> CommandRequest.parse(bytes("/a\0" + "3\0x\0")));
    assertThrows(IllegalArgumentException.class, () -> CommandRequest.parse(bytes("a\0" + "0\0")));
    assertThrows(IllegalArgumentException.class, () -> CommandRequest.parse(bytes("/a\0" + "0")));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Answer ask(CommandRequest request) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(bytes(CommandRequest.VERB + "\n"));
    all.write(request.encode());
    return send(all.toByteArray());
  }

  /** Sends a request as the launcher's client does, and reads the frames until the end. */
  private Answer send(byte[] request) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(home.socket()));
      ch.write(ByteBuffer.wrap(request));
      ch.shutdownOutput();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(4096);
      while (ch.read(buf) > 0) {
        answer.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      return Answer.of(ByteBuffer.wrap(answer.toByteArray()));
    }
  }

  private record Answer(List<Character> types, String out, String err, int exit) {
    static Answer of(ByteBuffer frames) {
      List<Character> types = new ArrayList<>();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit = -1;
      while (frames.remaining() >= 5) {
        char type = (char) frames.get();
        byte[] body = new byte[frames.getInt()];
        frames.get(body);
        types.add(type);
        switch (type) {
          case 'o' -> out.writeBytes(body);
          case 'e' -> err.writeBytes(body);
          case 'x' -> exit = ByteBuffer.wrap(body).getInt();
          default -> {}
        }
      }
      return new Answer(
          types, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), exit);
    }
  }
}
