package dev.gitml.agent;

import dev.gitml.collector.repo.Workspace;
import dev.gitml.collector.worknote.WorkNote;
import dev.gitml.storage.Store;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gitml handoff [--session ID] [--out FILE]}: a Markdown note on a session's work for
 * whoever continues it. (Not the hand-off of training jobs to a trainer: that is {@code
 * collector/handoff}, run by the daemon.)
 */
@Command(
    name = "handoff",
    description =
        "A Markdown note on a session's work (prompts, commits, failures, what is uncommitted,"
            + " files likely next) for whoever continues it.")
final class HandoffCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(
      names = "--session",
      paramLabel = "ID",
      description = "The session (default: the open `gitml session`, else the latest stored).")
  String session;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the note to FILE instead of standard output.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Workspace ws = gitml().workspace();
    Optional<String> note;
    try (Store store = gitml().openStore();
        Repository repo = ws.gitDir() == null ? null : ws.openRepository()) {
      note = WorkNote.of(store, repo, session, gitml().clock());
    }
    if (note.isEmpty()) {
      throw new Cli.FailedException(
          session == null
              ? "no session stored yet (gitml sessions import, or gitml session start)"
              : "no session " + session + " is stored");
    }
    if (out == null) {
      gitml().out().print(note.get());
    } else {
      Path file = gitml().startDirectory().resolve(out);
      OutFile.write(file, note.get(), head -> head.startsWith("# Hand-off: "));
      gitml().out().println("wrote " + file);
    }
    return Cli.OK;
  }
}
