package dev.gitml.agent;

import dev.gitml.collector.manual.ManualLog;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.Store;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gitml action --type TYPE --target TARGET [--session ID] [--failed] [--json]}: logs one
 * tool use by hand, as the Python collector's {@code action} did.
 */
@Command(name = "action", description = "Log one tool use or command by hand.")
final class ActionCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(
      names = "--type",
      required = true,
      paramLabel = "TYPE",
      description = "What kind of action (a tool's name: Bash, Edit, test, …).")
  String type;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "TARGET",
      description = "What it worked on: a file, a command; - reads it from standard input.")
  String target;

  @Option(
      names = "--session",
      paramLabel = "ID",
      description = "The session it belongs to (default: the open `gitml session`, if any).")
  String session;

  @Option(
      names = "--failed",
      description = "It failed (a command that exited non-zero): `gitml handoff` lists these.")
  boolean failed;

  @Mixin JsonOption output;

  @Override
  public Integer call() throws Exception {
    if (type.isBlank()) {
      throw new Cli.UsageException("--type: an empty type");
    }
    String t = new ManualInput(gitml()).text("--target", target);
    try (Store store = gitml().openStore()) {
      String sessionId = ManualInput.session(session, store.dir());
      ManualLog log =
          new ManualLog(
              store, Redactor.configured(store.config()), gitml().clock(), new SecureRandom());
      String id = log.action(type, t, sessionId, !failed);
      if (output.json()) {
        Json.print(
            gitml().out(),
            Json.object().put("id", id).put("session_id", sessionId).put("success", !failed));
      } else {
        gitml().out().println(id);
      }
    }
    return Cli.OK;
  }
}
