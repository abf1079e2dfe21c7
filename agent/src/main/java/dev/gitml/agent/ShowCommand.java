package dev.gitml.agent;

import dev.gitml.collector.history.RecordView;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.StepTexts;
import dev.gitml.storage.record.StoredRecord;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gitml show ID [--json]}. */
@Command(
    name = "show",
    description =
        "Show a stored record: a chat with its tool uses, a commit with its diff, a session with"
            + " its chats.")
final class ShowCommand extends GitmlSubcommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "ID",
      description =
          "A record id, a commit hash (7 digits or more), or a chat, session or tool use id.")
  String id;

  @Mixin JsonOption output;

  @Override
  public Integer call() throws Exception {
    try (Store store = gitml().openStore()) {
      RecordView view = new RecordView(store);
      Optional<StoredRecord> found = view.find(id.strip());
      if (found.isEmpty()) {
        throw new Cli.FailedException("no stored record is named " + id);
      }
      if (output.json()) {
        StoredRecord r = found.get();
        Json.print(
            gitml().out(),
            Json.object()
                .put("id", r.id())
                .put("type", r.type().wireName())
                .put("ts", r.ts())
                // a chat's steps whole, as the record means them (docs/records.md: stored once)
                .set("data", StepTexts.expanded(r.data())));
      } else {
        gitml().out().print(view.text(found.get()));
      }
    }
    return Cli.OK;
  }
}
