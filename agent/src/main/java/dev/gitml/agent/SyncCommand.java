package dev.gitml.agent;

import dev.gitml.collector.sync.DataSync;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gitml sync}: commits the tracked data as {@code data: ML tracking data …}. */
@Command(name = "sync",
    description = "Commit the tracked data in .git-ml/ (only it; never captured by the hooks).")
final class SyncCommand extends GitmlSubcommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    DataSync.Result r = new DataSync(gitml().workspace()).run();
    if (r.commit() == null) {
      gitml().out().println("nothing to sync: the tracked data is committed");
    } else {
      gitml().out().printf("committed %s %s%n", r.commit().substring(0, 12), r.message());
    }
    return Cli.OK;
  }
}
