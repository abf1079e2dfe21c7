package dev.gitml.agent;

import dev.gitml.collector.manual.ManualLog;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.report.Ratings;
import dev.gitml.storage.Store;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gitml chat --query TEXT --response TEXT [--session ID] [--files-ref F…] [--files-mod F…]
 * [--tools T…] [--feedback good|bad|neutral] [--assistant NAME] [--json]}: logs one exchange with
 * an assistant gitml does not read, as the Python collector's {@code chat} did.
 */
@Command(
    name = "chat",
    description = "Log one exchange with an assistant by hand (for tools gitml does not read).")
final class ChatCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(
      names = "--query",
      required = true,
      paramLabel = "TEXT",
      description = "The prompt; - reads it from standard input.")
  String query;

  @Option(
      names = "--response",
      required = true,
      paramLabel = "TEXT",
      description = "The answer; - reads it from standard input (for a long one).")
  String response;

  @Option(
      names = "--session",
      paramLabel = "ID",
      description = "The session it belongs to (default: the open `gitml session`, if any).")
  String session;

  @Option(
      names = "--files-ref",
      arity = "1..*",
      split = ",",
      paramLabel = "FILE",
      description = "Files read to answer (several, or comma-separated).")
  List<String> filesRef = new ArrayList<>();

  @Option(
      names = "--files-mod",
      arity = "1..*",
      split = ",",
      paramLabel = "FILE",
      description = "Files changed (several, or comma-separated).")
  List<String> filesMod = new ArrayList<>();

  @Option(
      names = "--tools",
      arity = "1..*",
      split = ",",
      paramLabel = "TOOL",
      description = "Tools used, in order (several, or comma-separated: Read,Edit,Bash).")
  List<String> tools = new ArrayList<>();

  @Option(
      names = "--feedback",
      paramLabel = "good|bad|neutral",
      description = "A rating of the answer, stored as feedback on the chat.")
  String feedback;

  @Option(
      names = "--assistant",
      paramLabel = "NAME",
      description = "Which assistant answered (default: manual).")
  String assistant;

  @Mixin JsonOption output;

  @Override
  public Integer call() throws Exception {
    Integer rating = null;
    if (feedback != null) {
      rating = Ratings.value(feedback);
      if (rating == null) {
        throw new Cli.UsageException("--feedback: say good, bad or neutral");
      }
    }
    ManualInput input = new ManualInput(gitml());
    String q = input.text("--query", query);
    String r = input.text("--response", response);
    if (q.isBlank()) {
      throw new Cli.UsageException("--query: an empty prompt");
    }
    if (assistant != null && assistant.isBlank()) {
      throw new Cli.UsageException("--assistant: an empty name");
    }
    try (Store store = gitml().openStore()) {
      String sessionId = ManualInput.session(session, store.dir());
      ManualLog log =
          new ManualLog(
              store, Redactor.configured(store.config()), gitml().clock(), new SecureRandom());
      String id =
          log.chat(
              new ManualLog.ChatEntry(
                  q, r, sessionId, filesRef, filesMod, tools, assistant, rating));
      if (output.json()) {
        var root = Json.object().put("id", id).put("session_id", sessionId);
        if (rating != null) {
          root.put("feedback", Ratings.word(rating));
        }
        Json.print(gitml().out(), root);
      } else {
        gitml().out().println(id);
      }
    }
    return Cli.OK;
  }
}
