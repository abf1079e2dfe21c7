package dev.gitml.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.manual.ManualSession;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Session;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gitml session start [--id ID] | end [--summary TEXT] | status}: a session kept by hand, as
 * the Python collector's {@code session} was. Chats and actions logged while it is open belong to
 * it, and commits made meanwhile are linked to it.
 */
@Command(
    name = "session",
    description =
        "A manual session: chats, actions and commits made while it is open belong to it.",
    subcommands = {
      SessionCommand.Start.class,
      SessionCommand.End.class,
      SessionCommand.Status.class
    })
final class SessionCommand extends GitmlSubcommand implements Runnable {

  @Override
  public void run() {
    commandSpec().commandLine().usage(gitml().out());
  }

  @Command(name = "start", description = "Open a manual session.")
  static final class Start extends GitmlSubcommand implements Callable<Integer> {
    @Option(
        names = "--id",
        paramLabel = "ID",
        description = "The session's id (default: 8 random hex digits).")
    String id;

    @Mixin JsonOption output;

    @Override
    public Integer call() throws Exception {
      if (id != null && !id.matches("[A-Za-z0-9._:-]{1,200}")) {
        throw new Cli.UsageException("--id: letters, digits and . _ : - only: " + id);
      }
      Workspace ws = gitml().workspace();
      if (!ws.dataDir().exists()) {
        throw new Cli.FailedException(
            "no gitml data directory at " + ws.dataDir().root() + " (run `gitml init` first)");
      }
      String branch = null;
      if (ws.gitDir() != null) {
        try (Repository repo = ws.openRepository()) {
          branch = repo.getBranch();
        }
      }
      ManualSession.Open o;
      try {
        o =
            ManualSession.start(
                ws.dataDir(), id, ws.workTree(), branch, gitml().clock(), new SecureRandom());
      } catch (ManualSession.AlreadyOpenException e) {
        throw new Cli.FailedException(e.getMessage());
      }
      if (output.json()) {
        Json.print(
            gitml().out(),
            Json.object().put("session_id", o.sessionId()).put("started", o.started()));
      } else {
        gitml().out().println("started session " + o.sessionId());
      }
      return Cli.OK;
    }
  }

  @Command(
      name = "end",
      description = "Close the open session: store its summary and link its commits.")
  static final class End extends GitmlSubcommand implements Callable<Integer> {
    @Option(
        names = "--summary",
        paramLabel = "TEXT",
        description = "What the session achieved, in words (redacted like every text).")
    String summary;

    @Mixin JsonOption output;

    @Override
    public Integer call() throws Exception {
      Workspace ws = gitml().workspace();
      Optional<ManualSession.Ended> ended;
      try (Store store = gitml().openStore();
          Repository repo = ws.gitDir() == null ? null : ws.openRepository()) {
        ended =
            ManualSession.end(
                store, repo, Redactor.configured(store.config()), summary, gitml().clock());
      }
      if (ended.isEmpty()) {
        throw new Cli.FailedException("no session is open (gitml session start opens one)");
      }
      Session s = ended.get().session();
      if (output.json()) {
        ObjectNode root = Json.object();
        root.put("session_id", s.sessionId())
            .put("started", s.started())
            .put("ended", s.ended())
            .put("chats", s.chats())
            .put("links", ended.get().links());
        root.putArray("commits").addAll(s.commits().stream().map(root::textNode).toList());
        root.putArray("files").addAll(s.files().stream().map(root::textNode).toList());
        Json.print(gitml().out(), root);
      } else {
        gitml()
            .out()
            .printf(
                "ended session %s: %d chats, %d tool uses, %d commits, %d files%n",
                s.sessionId(),
                s.chats(),
                s.toolsUsed().values().stream().mapToInt(Integer::intValue).sum(),
                s.commits().size(),
                s.files().size());
      }
      return Cli.OK;
    }
  }

  @Command(name = "status", description = "The open session, if any, and what it holds so far.")
  static final class Status extends GitmlSubcommand implements Callable<Integer> {
    @Mixin JsonOption output;

    @Override
    public Integer call() throws Exception {
      try (Store store = gitml().openStore()) {
        Optional<ManualSession.Open> open = ManualSession.open(store.dir());
        if (open.isEmpty()) {
          if (output.json()) {
            Json.print(gitml().out(), Json.object().put("open", false));
          } else {
            gitml().out().println("no session is open");
          }
          return Cli.OK;
        }
        ManualSession.Progress p = ManualSession.progress(store, open.get(), gitml().clock());
        if (output.json()) {
          ObjectNode root = Json.object();
          root.put("open", true)
              .put("session_id", p.open().sessionId())
              .put("started", p.open().started())
              .put("branch", p.open().branch())
              .put("chats", p.chats())
              .put("actions", p.actions());
          root.putArray("commits").addAll(p.commits().stream().map(root::textNode).toList());
          Json.print(gitml().out(), root);
        } else {
          gitml()
              .out()
              .printf(
                  "session %s, open since %s: %d chats, %d actions, %d commits%n",
                  p.open().sessionId(),
                  p.open().started(),
                  p.chats(),
                  p.actions(),
                  p.commits().size());
        }
      }
      return Cli.OK;
    }
  }
}
