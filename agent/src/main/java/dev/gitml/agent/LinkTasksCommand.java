package dev.gitml.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.tasks.TaskLinker;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Link;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gitml link-tasks [--analyze N] [--commit REV]}: links stored commits to the tasks their
 * messages and branch names refer to ({@code #123}, {@code GH-123}, {@code PROJ-123}, {@code T-…}),
 * resolved to the GitHub issue or pull request when it is stored. Capture does it for every new
 * commit; run it after {@code gitml github collect} to resolve the older ones.
 */
@Command(
    name = "link-tasks",
    description =
        "Link commits to the tasks their messages and branches name (#123, GH-123, PROJ-123,"
            + " T-…).")
final class LinkTasksCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(
      names = "--analyze",
      paramLabel = "N",
      description = "Only show what the last N commits of HEAD refer to; store nothing.")
  Integer analyze;

  @Option(names = "--commit", paramLabel = "REV", description = "Link only this stored commit.")
  String commit;

  @Mixin JsonOption output;

  @Override
  public Integer call() throws Exception {
    GitmlCommand gitml = gitml();
    if (analyze != null && analyze < 1) {
      throw new Cli.UsageException("--analyze: at least 1 commit");
    }
    Predicate<String> which = h -> true;
    if (commit != null) {
      String hash = CiCommand.commit(gitml, commit);
      which = hash::equals;
    } else if (analyze != null) {
      Set<String> last = lastCommits(gitml, analyze);
      which = last::contains;
    }
    try (Store store = gitml.openStore()) {
      TaskLinker.Result r =
          TaskLinker.link(store, Redactor.configured(store.config()), which, analyze != null);
      if (commit != null && r.commits() == 0) {
        throw new Cli.FailedException(
            "commit " + commit + " is not captured yet: gitml capture " + commit);
      }
      if (output.json()) {
        Json.print(gitml.out(), json(r, analyze != null));
      } else {
        print(gitml, r, analyze != null);
      }
    }
    return Cli.OK;
  }

  private static Set<String> lastCommits(GitmlCommand gitml, int n) throws Exception {
    Set<String> out = new HashSet<>();
    try (Repository repo = gitml.workspace().openRepository();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId head = repo.resolve("HEAD");
      if (head == null) {
        return out;
      }
      walk.markStart(walk.parseCommit(head));
      for (RevCommit c : walk) {
        if (out.size() == n) {
          break;
        }
        out.add(c.name());
      }
    }
    return out;
  }

  private static void print(GitmlCommand gitml, TaskLinker.Result r, boolean dryRun) {
    for (TaskLinker.Found f : r.found()) {
      String subject = f.subject().length() > 60 ? f.subject().substring(0, 59) + "…" : f.subject();
      gitml.out().println(f.hash().substring(0, 12) + "  " + subject);
      for (Link l : f.links()) {
        gitml.out().println("  " + l.kind().wireName() + " " + l.to() + " (" + l.source() + ")");
      }
    }
    gitml
        .out()
        .println(
            r.commits()
                + " commits looked at, "
                + r.found().size()
                + " name a task"
                + (dryRun
                    ? " (nothing stored: --analyze)"
                    : "; " + r.added() + " links added, " + r.alreadyStored() + " already stored"));
  }

  private static ObjectNode json(TaskLinker.Result r, boolean dryRun) {
    ObjectNode root = Json.object();
    root.put("commits", r.commits());
    root.put("dry_run", dryRun);
    root.put("added", r.added());
    root.put("already_stored", r.alreadyStored());
    ArrayNode found = root.putArray("links");
    for (TaskLinker.Found f : r.found()) {
      for (Link l : f.links()) {
        found
            .addObject()
            .put("commit", f.hash())
            .put("kind", l.kind().wireName())
            .put("task", l.to())
            .put("source", l.source());
      }
    }
    return root;
  }
}
