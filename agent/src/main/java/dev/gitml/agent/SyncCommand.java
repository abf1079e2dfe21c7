package dev.gitml.agent;

import dev.gitml.collector.repo.Workspace;
import dev.gitml.collector.sync.DataSync;
import dev.gitml.collector.sync.Untrack;
import dev.gitml.storage.config.Config;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gitml sync [--pull [REMOTE]] [--push [REMOTE]] | --untrack [--commit]}: publishes the
 * shareable data on {@code refs/gitml/data}, never on the user's branches.
 */
@Command(
    name = "sync",
    description =
        "Publish the shareable data (sealed chunks, config) on"
            + " refs/gitml/data, never on your branches; --pull and --push exchange it with a remote.")
final class SyncCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(
      names = "--pull",
      arity = "0..1",
      fallbackValue = "origin",
      paramLabel = "REMOTE",
      description =
          "First fetch REMOTE's refs/gitml/data (default origin) and import the"
              + " chunks this clone lacks.")
  String pull;

  @Option(
      names = "--push",
      arity = "0..1",
      fallbackValue = "origin",
      paramLabel = "REMOTE",
      description =
          "Then push refs/gitml/data to REMOTE (default origin), merging a teammate's"
              + " first if they pushed since.")
  String push;

  @Option(
      names = "--untrack",
      description =
          "Take the .git-ml/ files an earlier gitml (or the"
              + " Python collector) committed out of this branch's index; the files stay.")
  boolean untrack;

  @Option(names = "--commit", description = "With --untrack: also commit that removal (alone).")
  boolean commit;

  @Override
  public Integer call() throws Exception {
    Workspace ws = gitml().workspace();
    if (commit && !untrack) {
      throw new Cli.UsageException("--commit goes with --untrack");
    }
    if (untrack) {
      return untrack(ws);
    }
    DataSync sync = new DataSync(ws);
    DataSync.Result local;
    if (pull != null) {
      DataSync.PullResult p = sync.pull(pull);
      p.notes().forEach(n -> gitml().out().println("note: " + n));
      if (p.remoteCommit() != null) {
        gitml()
            .out()
            .printf(
                "pulled %s from %s: %d chunks imported, %d already here%n",
                p.remoteCommit().substring(0, 12), pull, p.imported(), p.present());
      }
      local = p.local();
    } else {
      local = sync.run();
    }
    print(local);
    if (push != null) {
      DataSync.PushResult r = sync.push(push);
      r.notes().forEach(n -> gitml().out().println("note: " + n));
      if (r.merges() > 0) {
        gitml().out().printf("merged %s's newer data first%n", push);
        print(r.local());
      }
      gitml()
          .out()
          .println(
              r.upToDate()
                  ? push + " already has " + DataSync.REF
                  : "pushed " + DataSync.REF + " to " + push);
    }
    warnTracked(ws);
    return Cli.OK;
  }

  private void print(DataSync.Result r) {
    if (r.commit() == null) {
      gitml().out().println("nothing to sync yet: no gitml data here");
    } else if (r.moved()) {
      gitml().out().printf("%s %s %s%n", DataSync.REF, r.commit().substring(0, 12), r.message());
    } else {
      gitml()
          .out()
          .printf(
              "nothing new: %s %s holds the data (%d files)%n",
              DataSync.REF, r.commit().substring(0, 12), r.files());
    }
  }

  private Integer untrack(Workspace ws) throws Exception {
    String prefix =
        Config.load(ws.dataDir().config()).mlCommitPrefixes().stream()
            .filter(p -> !p.isEmpty())
            .findFirst()
            .orElse("data: ML");
    Untrack.Result r = new Untrack(ws).run(commit, prefix);
    if (r.removed().isEmpty()) {
      gitml().out().println("nothing to untrack: this branch tracks no gitml data");
    } else if (r.commit() == null) {
      gitml()
          .out()
          .printf(
              "untracked %d files under .git-ml/ (the files stay); nothing committed:"
                  + " commit the removal, or run gitml sync --untrack --commit%n",
              r.removed().size());
    } else {
      gitml()
          .out()
          .printf(
              "untracked %d files under .git-ml/ (the files stay) and committed %s%n",
              r.removed().size(), r.commit().substring(0, 12));
    }
    if (r.configKept()) {
      gitml()
          .out()
          .println(
              ".git-ml/config.json stays tracked (settings shared on the branch);"
                  + " git rm --cached .git-ml/config.json stops that");
    }
    return Cli.OK;
  }

  /** A branch still tracking gitml's data (an earlier gitml, the Python collector) is told so. */
  private void warnTracked(Workspace ws) throws Exception {
    List<String> tracked =
        new Untrack(ws).tracked().stream().filter(p -> !p.equals(Untrack.CONFIG)).toList();
    if (!tracked.isEmpty()) {
      gitml().err().println(LegacyData.advice(tracked));
    }
  }
}
