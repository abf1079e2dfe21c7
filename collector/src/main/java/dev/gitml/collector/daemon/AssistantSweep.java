package dev.gitml.collector.daemon;

import dev.gitml.collector.repo.Workspace;
import dev.gitml.collector.session.SessionIngest;
import dev.gitml.collector.session.SessionSource;
import dev.gitml.collector.session.SessionSweep;
import dev.gitml.storage.ErrorText;
import dev.gitml.storage.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * The daemon's look at the assistants' own folders: a registered repository's sessions that are new
 * or grew (no hook said so: the assistant has no hooks, or they are not installed) are read from
 * where the last read stopped; a session quiet for {@link OpenSessions#IDLE_MILLIS} is read whole
 * into its summary and links. A hook of an assistant other than Claude Code (whose hooks name the
 * transcript) makes the same look at once, for that assistant and repository. Each look reads at
 * most {@link #MAX_READS} sessions; the rest wait for the next.
 */
final class AssistantSweep {
  /** Sessions read per repository and look. */
  static final int MAX_READS = 8;

  private final List<SessionSource> sources;
  private final OpenSessions open;
  private final Clock clock;
  private final Consumer<String> log;
  private final SessionSweep sweep = new SessionSweep(OpenSessions.IDLE_MILLIS);

  AssistantSweep(
      List<SessionSource> sources, OpenSessions open, Clock clock, Consumer<String> log) {
    this.sources = List.copyOf(sources);
    this.open = open;
    this.clock = clock;
    this.log = log;
  }

  /** Looks at every source for {@code repo}'s sessions; returns the chats stored. */
  int sweep(Path repo) {
    return sweep(repo, sources, false);
  }

  /**
   * Looks at the sources of {@code assistant} (its name in records) for {@code repo}'s sessions; a
   * session's end ({@code ended}) reads the sessions found whole.
   */
  int sweep(Path repo, String assistant, boolean ended) {
    return sweep(
        repo, sources.stream().filter(s -> s.assistant().equals(assistant)).toList(), ended);
  }

  private int sweep(Path repo, List<SessionSource> which, boolean ended) {
    if (which.isEmpty()) {
      return 0;
    }
    int chats = 0;
    try {
      Workspace ws = EventProcessor.workspace(repo);
      List<SessionSweep.Found> found =
          sweep.changed(
              which,
              ws.workTrees(),
              clock.millis(),
              MAX_READS,
              why -> log.accept("sweep: refused " + why));
      if (found.isEmpty()) {
        return 0;
      }
      try (Store store = Store.open(ws.dataDir())) {
        SessionIngest ingest =
            SessionIngest.configured(store, ws.workTrees().get(0)).onlyIn(ws.workTrees());
        for (SessionSweep.Found f : found) {
          chats += read(ingest, f, ws, ended);
        }
      }
    } catch (EventProcessor.NotSetUpException e) {
      return 0; // a registered repository that was removed or uninstalled since
    } catch (IOException | RuntimeException e) {
      log.accept("sweep " + repo + ": " + ErrorText.of(e));
    }
    return chats;
  }

  private int read(SessionIngest ingest, SessionSweep.Found f, Workspace ws, boolean ended) {
    Path s = f.session();
    try {
      SessionIngest.Result r;
      if (f.quiet() || ended) {
        if (ingest.readToEnd(s)) {
          sweep.handled(s, true);
          return 0;
        }
        r = ingest.finish(s);
        open.remove(s);
        sweep.handled(s, true);
      } else {
        r = ingest.update(s);
        if (r.added() > 0) {
          // it grew: it reports now (a session a hook reported keeps the hook's time otherwise)
          open.touch(s, ws.workTree(), clock.millis());
        }
        sweep.handled(s, false);
      }
      if (r.added() > 0) {
        log.accept(
            "sweep: "
                + f.source().assistant()
                + " "
                + s
                + ": "
                + r.chats()
                + " chats, "
                + r.added()
                + " new records");
      }
      r.refused().forEach(why -> log.accept("sweep: refused " + why));
      return r.chats();
    } catch (IOException | RuntimeException e) {
      sweep.handled(s, true); // tried again when it changes
      log.accept("sweep: " + s + ": " + ErrorText.of(e));
      return 0;
    }
  }
}
