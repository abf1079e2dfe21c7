package dev.gitml.collector.daemon;

import dev.gitml.collector.hooks.HookInstaller;
import dev.gitml.collector.inbox.Event;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.collector.session.ClaudeProjects;
import dev.gitml.collector.session.SessionIngest;
import dev.gitml.storage.ErrorText;
import dev.gitml.storage.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Events from Claude Code's hooks ({@code claude:<Event>}, the hook's JSON input as the body).
 * A turn's end (Stop, SubagentStop) or a new prompt reads what the transcript gained since the
 * last read; SessionEnd reads the whole session into its summary and links; SessionStart puts
 * back git hooks a fresh clone lacks. Other events only wake the daemon.
 */
final class AssistantEvents {
  private final ClaudeProjects projects;
  private final OpenSessions open;
  private final java.time.Clock clock;
  private final Consumer<String> log;

  AssistantEvents(ClaudeProjects projects, OpenSessions open, java.time.Clock clock,
      Consumer<String> log) {
    this.projects = projects;
    this.open = open;
    this.clock = clock;
    this.log = log;
  }

  /** Handles one event; returns the chats it stored. */
  int handle(Event event) throws IOException {
    HookInput input = HookInput.read(event);
    String hook = event.type().substring("claude:".length());
    String cwd = input.cwd();
    Workspace ws = EventProcessor.workspace(cwd.startsWith("/") ? Path.of(cwd) : event.repo());
    switch (hook) {
      case "SessionStart" -> {
        HookInstaller installer = new HookInstaller(ws);
        if (installer.status().containsValue("missing")) {
          installer.install();
          log.accept(ws.workTree() + ": git hooks installed again (a fresh clone?)");
        }
        return 0;
      }
      case "Stop", "SubagentStop", "UserPromptSubmit", "PreCompact", "SessionEnd" -> {
        Path transcript = projects.allowed(input.transcriptPath());
        try (Store store = Store.open(ws.dataDir())) {
          SessionIngest ingest = SessionIngest.configured(store, ws.workTree());
          boolean end = hook.equals("SessionEnd");
          SessionIngest.Result r = end ? ingest.finish(transcript) : ingest.update(transcript);
          if (end) {
            open.remove(transcript);
          } else {
            open.touch(transcript, ws.workTree(), clock.millis());
          }
          log.accept(event.name() + ": " + event.type() + " " + ws.workTree() + ": " + r.chats()
              + " chats, " + r.actions() + " tool uses, " + r.added() + " new records"
              + (r.garbage() > 0 ? ", " + r.garbage() + " lines not JSON" : ""));
          return r.chats();
        }
      }
      default -> {
        return 0;
      }
    }
  }

  /** Sums up the sessions that stopped reporting without a SessionEnd; returns how many. */
  int finishIdle() {
    int done = 0;
    try {
      for (OpenSessions.Open s : open.idle(clock.millis()).values()) {
        try {
          Workspace ws = EventProcessor.workspace(s.repo());
          try (Store store = Store.open(ws.dataDir())) {
            SessionIngest.Result r = SessionIngest.configured(store, ws.workTree())
                .finish(s.transcript());
            log.accept(s.transcript() + ": idle session summed up, " + r.chats() + " chats");
            done++;
          }
        } catch (IOException | RuntimeException e) {
          log.accept(s.transcript() + ": idle session dropped: " + ErrorText.of(e));
        }
        open.remove(s.transcript());
      }
    } catch (IOException e) {
      log.accept("open sessions: " + ErrorText.of(e));
    }
    return done;
  }
}
