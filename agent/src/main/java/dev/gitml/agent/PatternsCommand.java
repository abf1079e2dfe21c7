package dev.gitml.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.report.Patterns;
import dev.gitml.storage.Store;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gitml patterns}: aggregates, safe to publish, into {@code .git-ml/shared/}. */
@Command(name = "patterns", description = "Write aggregates (no prompt, response, message or"
    + " code) to .git-ml/shared/.")
final class PatternsCommand extends GitmlSubcommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    try (Store store = gitml().openStore()) {
      Map<String, ObjectNode> p = Patterns.of(store);
      Path dir = store.dir().root().resolve("shared");
      Patterns.write(p, dir);
      for (String name : p.keySet()) {
        gitml().out().println("wrote " + dir.resolve(name));
      }
    }
    return Cli.OK;
  }
}
