package dev.gitml.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.report.Patterns;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gitml contribute status|enable|disable|preview}: your consent to share the aggregates
 * of {@code gitml patterns}, kept in {@code .git-ml/local/contribute.json} (yours, never
 * committed). {@code preview} prints exactly what would be shared. Nothing is sent anywhere by
 * gitml itself: sharing means committing {@code .git-ml/shared/} ({@code gitml sync}).
 */
@Command(name = "contribute", description = "Consent to share aggregates: status, enable,"
    + " disable, preview.")
final class ContributeCommand implements Callable<Integer> {
  /** Made on first use: picocli creates every command at start-up. */
  private static final class Mapper {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  @ParentCommand GitmlCommand gitml;

  @Parameters(paramLabel = "status|enable|disable|preview", defaultValue = "status")
  String action;

  @Override
  public Integer call() throws Exception {
    try (Store store = gitml.openStore()) {
      Path file = store.dir().local().resolve("contribute.json");
      switch (action) {
        case "status" -> {
          boolean on = enabled(file);
          gitml.out().println("contribution: " + (on ? "enabled" : "disabled")
              + (on ? " (gitml patterns writes .git-ml/shared/, gitml sync commits it)"
                  : " (nothing is shared; gitml contribute enable to change that)"));
        }
        case "enable", "disable" -> {
          ObjectNode n = Mapper.JSON.createObjectNode();
          n.put("enabled", action.equals("enable"));
          n.put("changed_at", Timestamps.iso(System.currentTimeMillis()));
          Files.createDirectories(file.getParent());
          Files.write(file, Mapper.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
          gitml.out().println("contribution " + action + "d");
          if (action.equals("enable")) {
            Patterns.write(Patterns.of(store), store.dir().root().resolve("shared"));
          }
        }
        case "preview" -> {
          for (Map.Entry<String, ObjectNode> e : Patterns.of(store).entrySet()) {
            gitml.out().println("== " + e.getKey());
            Json.print(gitml.out(), e.getValue());
          }
        }
        default -> throw new Cli.UsageException(
            "contribute: say status, enable, disable or preview");
      }
    }
    return Cli.OK;
  }

  private static boolean enabled(Path file) {
    try {
      JsonNode n = Mapper.JSON.readTree(Files.readAllBytes(file));
      return n.path("enabled").asBoolean(false);
    } catch (java.io.IOException missing) {
      return false;
    }
  }
}
