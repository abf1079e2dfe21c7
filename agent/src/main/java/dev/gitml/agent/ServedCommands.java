package dev.gitml.agent;

import dev.gitml.collector.daemon.CommandRequest;
import dev.gitml.collector.daemon.CommandService;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The command lines the daemon runs for the launcher (docs/architecture.md, "Commands the daemon
 * answers"): quick reads of the store whose start-up would be most of their time. They read only,
 * take no standard input, and print what the same command line prints run by itself.
 */
final class ServedCommands implements CommandService {
  static final Set<String> SERVED = Set.of("search", "show");

  /**
   * A served command line, when the daemon would read it as the client's own JVM would: no {@code
   * @file} argument (picocli reads those relative to the process's directory), the same time zone
   * when a {@code --since} date is given (a day like {@code 2026-01-02} is a local day; the rest
   * prints UTC), and text the daemon's file names can hold.
   */
  @Override
  public boolean serves(CommandRequest request) {
    List<String> args = request.args();
    String word = Cli.commandWord(args.toArray(String[]::new));
    return word != null
        && SERVED.contains(word)
        && args.stream().noneMatch(a -> a.startsWith("@"))
        && (args.stream().noneMatch(a -> a.startsWith("--since"))
            || Objects.equals(request.env().get("TZ"), System.getenv("TZ")))
        && (unicodeNames() || args.stream().allMatch(ServedCommands::ascii));
  }

  private static boolean unicodeNames() {
    return "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8"));
  }

  private static boolean ascii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }

  @Override
  public int run(CommandRequest request, OutputStream out, OutputStream err) {
    PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code =
        Cli.run(
            request.args().toArray(String[]::new),
            InputStream.nullInputStream(),
            o,
            e,
            request.env(),
            Clock.systemUTC(),
            request.cwd());
    o.flush();
    e.flush();
    return code;
  }
}
