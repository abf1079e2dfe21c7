package dev.gitml.collector.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the daemon in the background: this JVM's java, with the daemon's own options, running
 * {@code <main> daemon run} in a session of its own, its output appended to the daemon's log.
 */
public final class DaemonLauncher {
  /**
   * JVM options of a started daemon (≤ 100 MB resident when idle): the heap starts small and
   * shrinks back after a burst of work (SerialGC returns free heap at a full collection), C1 only.
   * Every input is streamed, so 64 MB of heap holds any event or transcript.
   */
  public static final List<String> JVM_OPTIONS =
      List.of(
          "-Xms8m",
          "-Xmx64m",
          "-Xss512k",
          "-XX:+UseSerialGC",
          "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=30",
          "-XX:TieredStopAtLevel=1",
          "-XX:MaxMetaspaceSize=64m",
          "-XX:ReservedCodeCacheSize=32m");

  /** Environment the daemon keeps from the command that starts it. */
  private static final List<String> PASSED_ON = List.of("CLAUDE_CONFIG_DIR", "CODEX_HOME", "HOME");

  private static final long ANSWER_WITHIN_MILLIS = 5_000;

  private DaemonLauncher() {}

  /**
   * Starts it and waits for it to answer; its pid, or empty when it did not answer within 5 s (its
   * log says why).
   */
  public static Optional<Long> start(GitmlHome home, String mainClass, Map<String, String> env)
      throws IOException, InterruptedException {
    home.create();
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid"); // its own session: a closing terminal does not stop it
    }
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(JVM_OPTIONS);
    // what the installed launcher set: its own path, the unpacked SQLite library, the
    // class-data sharing archive
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-Dgitml.")
          || arg.startsWith("-Dorg.sqlite.")
          || arg.startsWith("-XX:SharedArchiveFile=")
          || arg.startsWith("-Xlog:cds")) {
        command.add(arg);
      }
    }
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), mainClass, "daemon", "run"));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(home.log().toFile()))
            .redirectErrorStream(true);
    pb.environment().put("GITML_HOME", home.dir().toString());
    for (String name : PASSED_ON) {
      String value = env.get(name);
      if (value != null) {
        pb.environment().put(name, value);
      }
    }
    pb.start();
    for (long waited = 0; waited < ANSWER_WITHIN_MILLIS; waited += 50) {
      Thread.sleep(50);
      Optional<JsonNode> status = DaemonClient.send(home, "status");
      if (status.isPresent()) {
        return Optional.of(status.get().path("pid").asLong());
      }
    }
    return Optional.empty();
  }
}
