package dev.gitml.agent;

import dev.gitml.collector.daemon.CommandRequest;
import dev.gitml.collector.daemon.CommandService;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The command lines the daemon runs for the launcher (docs/architecture.md, "Commands the daemon
 * answers"): quick reads of the store whose start-up would be most of their time. They read only,
 * take no standard input, and print what the same command line prints run by itself.
 */
final class ServedCommands implements CommandService {
  static final Set<String> SERVED = Set.of("search", "show");

  @Override
  public boolean serves(List<String> args) {
    String word = Cli.commandWord(args.toArray(String[]::new));
    return word != null && SERVED.contains(word);
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
