package dev.gitml.collector.daemon;

import dev.gitml.collector.hooks.HookInstaller;
import dev.gitml.collector.hooks.HookOutcome;
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
 * Events from Claude Code's hooks ({@code claude:<Event>}, the hook's JSON input as the body). A
 * turn's end (Stop, SubagentStop) or a new prompt reads what the transcript gained since the last
 * read; SessionEnd reads the whole session into its summary and links; SessionStart puts back git
 * hooks a fresh clone lacks. Other events only wake the daemon.
 */
final class AssistantEvents {
  /** The assistant name in Claude Code's event types ({@code claude:Stop}). */
  static final String CLAUDE = "claude";

  private final ClaudeProjects projects;
  private final OpenSessions open;
  private final java.time.Clock clock;
  private final Consumer<String> log;

  AssistantEvents(
      ClaudeProjects projects, OpenSessions open, java.time.Clock clock, Consumer<String> log) {
    this.projects = projects;
    this.open = open;
    this.clock = clock;
    this.log = log;
  }

  /** Handles the event of one of Claude Code's hooks; returns the chats it stored. */
  int handle(Event event, String hookName) throws IOException {
    ClaudeHook hook = ClaudeHook.of(hookName);
    if (hook == ClaudeHook.OTHER) {
      return 0; // it only woke the daemon
    }
    HookInput input = HookInput.read(event);
    String cwd = input.cwd();
    Workspace ws = EventProcessor.workspace(cwd.startsWith("/") ? Path.of(cwd) : event.repo());
    if (hook == ClaudeHook.SESSION_START) {
      HookInstaller installer = new HookInstaller(ws);
      if (installer.status().containsValue(HookOutcome.MISSING)) {
        installer.install();
        log.accept(ws.workTree() + ": git hooks installed again (a fresh clone?)");
      }
      return 0;
    }
    Path transcript = projects.allowed(input.transcriptPath());
    try (Store store = Store.open(ws.dataDir())) {
      SessionIngest ingest = SessionIngest.configured(store, ws.workTree());
      boolean end = hook == ClaudeHook.SESSION_END;
      SessionIngest.Result r = end ? ingest.finish(transcript) : ingest.update(transcript);
      if (end) {
        open.remove(transcript);
      } else {
        open.touch(transcript, ws.workTree(), clock.millis());
      }
      log.accept(
          event.name()
              + ": "
              + event.type()
              + " "
              + ws.workTree()
              + ": "
              + r.chats()
              + " chats, "
              + r.actions()
              + " tool uses, "
              + r.added()
              + " new records"
              + (r.garbage() > 0 ? ", " + r.garbage() + " lines not JSON or too large" : ""));
      r.refused().forEach(why -> log.accept(event.name() + ": refused " + why));
      return r.chats();
    }
  }

  /**
   * What each of Claude Code's hooks asks for: a session start puts back git hooks a fresh clone
   * lacks; a turn's end, a new prompt or a compaction reads what the transcript gained; the
   * session's end reads it whole into its summary; the rest (a tool use) only wakes the daemon.
   */
  enum ClaudeHook {
    SESSION_START,
    READ_TRANSCRIPT,
    SESSION_END,
    OTHER;

    static ClaudeHook of(String name) {
      return switch (name) {
        case "SessionStart" -> SESSION_START;
        case "Stop", "SubagentStop", "UserPromptSubmit", "PreCompact" -> READ_TRANSCRIPT;
        case "SessionEnd" -> SESSION_END;
        default -> OTHER;
      };
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
            SessionIngest.Result r =
                SessionIngest.configured(store, ws.workTree()).finish(s.transcript());
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
