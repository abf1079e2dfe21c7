package dev.gitml.collector.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;

/** Talks to the daemon over its control socket: one command line, one JSON line back. */
public final class DaemonClient {
  private static final ObjectMapper JSON = Mappers.JSON;

  private DaemonClient() {}

  /** The daemon's answer, or empty when none is listening. */
  public static Optional<JsonNode> send(GitmlHome home, String command) {
    if (!Files.exists(home.socket())) {
      return Optional.empty();
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(home.socket()));
      ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.shutdownOutput();
      // the whole answer as bytes first: a character split between two reads stays whole
      java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(4096);
      while (ch.read(buf) > 0) {
        answer.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      return answer.size() == 0
          ? Optional.empty()
          : Optional.of(JSON.readTree(answer.toByteArray()));
    } catch (IOException e) {
      return Optional.empty(); // a stale socket: no daemon
    }
  }

  /** The daemon's pid from its pid file, when that process is alive. */
  public static Optional<Long> livePid(GitmlHome home) {
    try {
      long pid = Long.parseLong(Files.readString(home.pidFile()).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> pid);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
