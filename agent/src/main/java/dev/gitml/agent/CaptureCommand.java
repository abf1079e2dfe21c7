package dev.gitml.agent;

import dev.gitml.collector.capture.CommitCapture;
import dev.gitml.collector.capture.CommitReader;
import dev.gitml.collector.capture.Reflog;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.CommitFull;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gitml capture [REV]...}: captures commits now, in this process. */
@Command(
    name = "capture",
    description = "Capture commits now, in this process (what the hook's event leads to).")
final class CaptureCommand extends GitmlSubcommand implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "REV", description = "Commits to capture (HEAD).")
  List<String> revisions = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    try (Store store = gitml().openStore();
        Repository repo = gitml().workspace().openRepository();
        RevWalk walk = new RevWalk(repo);
        CommitReader reader = new CommitReader(repo)) {
      List<CommitFull> commits = new ArrayList<>();
      Reflog reflog = Reflog.read(repo);
      for (String rev : revisions.isEmpty() ? List.of("HEAD") : revisions) {
        ObjectId id = repo.resolve(rev);
        if (id == null) {
          throw new Cli.UsageException("unknown revision: " + rev);
        }
        commits.add(reader.read(walk.parseCommit(id), reflog.branchOf(id.name())));
      }
      CommitCapture.Result r =
          new CommitCapture(store, Redactor.configured(store.config())).store(commits);
      gitml()
          .out()
          .printf(
              "captured %d commits: %d new records, %d already stored%s%n",
              r.commits() - r.mlOnly(),
              r.added(),
              r.alreadyStored(),
              r.mlOnly() > 0 ? ", " + r.mlOnly() + " ML-data commits left out" : "");
      for (String note : r.notes()) {
        gitml().out().println("  note " + note);
      }
    }
    return Cli.OK;
  }
}
