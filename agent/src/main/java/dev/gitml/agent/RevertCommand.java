package dev.gitml.agent;

import dev.gitml.collector.capture.Reverts;
import dev.gitml.collector.redact.RecordScrubber;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.Timestamps;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gitml revert --commit REV [--by REV]}: marks a commit reverted, for a revert git's message
 * does not say (a hand-made undo, a revert squashed into another change). Commits whose message
 * says "This reverts commit X" are marked when they are captured.
 */
@Command(
    name = "revert",
    description =
        "Mark a commit reverted (commits saying \"This reverts commit X\" are marked on capture).")
final class RevertCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(
      names = "--commit",
      required = true,
      paramLabel = "REV",
      description = "The commit that was reverted.")
  String commit;

  @Option(names = "--by", paramLabel = "REV", description = "The commit that reverted it.")
  String by;

  @Override
  public Integer call() throws Exception {
    GitmlCommand gitml = gitml();
    String reverted = CiCommand.commit(gitml, commit);
    String reverting = by == null ? Reverts.UNKNOWN : CiCommand.commit(gitml, by);
    if (reverting.equals(reverted)) {
      throw new Cli.UsageException("--by: a commit does not revert itself");
    }
    try (Store store = gitml.openStore()) {
      Link link =
          new Link(
              Link.Kind.REVERTS,
              reverting,
              reverted,
              Timestamps.iso(gitml.clock().millis()),
              Reverts.CLI);
      store.append(List.of(new RecordScrubber(Redactor.configured(store.config())).record(link)));
      gitml
          .out()
          .println(
              "marked "
                  + reverted.substring(0, 12)
                  + " reverted"
                  + (by == null ? "" : " by " + reverting.substring(0, 12))
                  + (store.containsKey(RecordType.COMMIT, reverted)
                      ? ""
                      : " (not captured yet: gitml capture " + reverted.substring(0, 12) + ")"));
    }
    return Cli.OK;
  }
}
