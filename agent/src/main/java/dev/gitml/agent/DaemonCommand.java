package dev.gitml.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.collector.daemon.Daemon;
import dev.gitml.collector.daemon.DaemonClient;
import dev.gitml.collector.daemon.DaemonLauncher;
import dev.gitml.collector.daemon.DaemonLog;
import dev.gitml.collector.daemon.EventProcessor;
import dev.gitml.collector.daemon.GitmlHome;
import dev.gitml.collector.session.ClaudeProjects;
import dev.gitml.collector.session.SessionSources;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gitml daemon start|stop|status|run|flush}: the collector daemon. */
@Command(
    name = "daemon",
    description = "The collector daemon that turns hook events into records.",
    subcommands = {
      DaemonCommand.Start.class,
      DaemonCommand.Stop.class,
      DaemonCommand.Status.class,
      DaemonCommand.Run.class,
      DaemonCommand.Flush.class
    })
final class DaemonCommand extends GitmlSubcommand implements Runnable {
  @Override
  public void run() {
    throw new Cli.UsageException("daemon: say start, stop, status, run or flush");
  }

  @Command(
      name = "run",
      description = "Run the daemon in this process (--once: process the" + " inbox now and exit).")
  static final class Run extends GitmlSubcommand implements Callable<Integer> {
    @Option(names = "--once", description = "Process the inbox once and exit.")
    boolean once;

    @Override
    public Integer call() throws Exception {
      return run(gitml(), once, false);
    }

    /**
     * Runs the daemon here: in the foreground, or one pass ({@code once}); {@code flush}: events
     * left waiting are a failure.
     */
    static int run(GitmlCommand gitml, boolean once, boolean flush) throws Exception {
      GitmlHome home = gitml.home();
      home.create();
      DaemonLog log = new DaemonLog(home.log());
      Optional<Daemon> d =
          Daemon.lock(
              home,
              ClaudeProjects.of(gitml.env(), gitml.userHome().toString()),
              SessionSources.all(gitml.env(), gitml.userHome()),
              Daemon.IDLE,
              log);
      if (d.isEmpty()) {
        if (once && DaemonClient.send(home, "flush").isPresent()) {
          return Cli.OK; // the running daemon did it
        }
        gitml.err().println("gitml: a daemon is already running");
        return once ? Cli.FAILURE : Cli.OK;
      }
      try (Daemon running = d.get()) {
        if (once) {
          EventProcessor.Pass pass = running.drain();
          gitml
              .out()
              .printf(
                  "processed %d events (%d commits, %d chats), %d set aside," + " %d waiting%n",
                  pass.processed(), pass.commits(), pass.chats(), pass.setAside(), pass.waiting());
          pass.why().forEach(why -> gitml.out().println("  " + why));
          if (flush && pass.waiting() > 0) {
            return Cli.FAILURE;
          }
        } else {
          running.answerCommands(new ServedCommands());
          running.serve();
        }
      }
      return Cli.OK;
    }
  }

  @Command(name = "start", description = "Start the daemon in the background if it is not running.")
  static final class Start extends GitmlSubcommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      GitmlHome home = gitml().home();
      home.create();
      Optional<JsonNode> status = DaemonClient.send(home, "status");
      if (status.isPresent()) {
        gitml().out().println("running, pid " + status.get().path("pid").asLong());
        return Cli.OK;
      }
      Optional<Long> pid = DaemonLauncher.start(home, Main.class.getName(), gitml().env());
      if (pid.isPresent()) {
        gitml().out().println("started, pid " + pid.get());
        return Cli.OK;
      }
      gitml().err().println("gitml: the daemon did not answer within 5 s; see " + home.log());
      return Cli.FAILURE;
    }
  }

  @Command(name = "stop", description = "Stop the daemon.")
  static final class Stop extends GitmlSubcommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      GitmlHome home = gitml().home();
      Optional<Long> pid = DaemonClient.livePid(home);
      if (DaemonClient.send(home, "stop").isEmpty()) {
        gitml().out().println("not running");
        return Cli.OK;
      }
      if (pid.isPresent()) {
        ProcessHandle.of(pid.get())
            .ifPresent(
                p ->
                    p.onExit()
                        .orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                        .exceptionally(e -> p)
                        .join());
      }
      gitml().out().println("stopped");
      return Cli.OK;
    }
  }

  @Command(name = "status", description = "Whether the daemon runs, and its backlog.")
  static final class Status extends GitmlSubcommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      GitmlHome home = gitml().home();
      Optional<JsonNode> status = DaemonClient.send(home, "status");
      if (status.isEmpty()) {
        gitml().out().printf("not running; %d events in the inbox%n", home.inbox().size());
        return Cli.OK;
      }
      gitml()
          .out()
          .printf(
              "running, pid %d; %d events in the inbox%n",
              status.get().path("pid").asLong(), status.get().path("inbox").asInt());
      return Cli.OK;
    }
  }

  @Command(name = "flush", description = "Process the inbox now and return once it is empty.")
  static final class Flush extends GitmlSubcommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      GitmlHome home = gitml().home();
      Optional<JsonNode> reply = DaemonClient.send(home, "flush");
      if (reply.isPresent()) {
        JsonNode r = reply.get();
        gitml().out().printf("processed %d events%n", r.path("processed").asInt());
        if (r.path("waiting").asInt() == 0) {
          return Cli.OK;
        }
        gitml().err().printf("gitml: %d events still wait%n", r.path("waiting").asInt());
        for (JsonNode why : r.path("why")) {
          gitml().err().println("  " + why.asText());
        }
        return Cli.FAILURE;
      }
      // no daemon: do it here
      return Run.run(gitml(), true, true);
    }
  }
}
