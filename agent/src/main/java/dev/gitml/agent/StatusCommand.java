package dev.gitml.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.daemon.DaemonClient;
import dev.gitml.collector.daemon.DaemonState;
import dev.gitml.collector.daemon.GitmlHome;
import dev.gitml.collector.handoff.Handoff;
import dev.gitml.collector.hooks.HookInstaller;
import dev.gitml.collector.hooks.HookOutcome;
import dev.gitml.collector.inbox.Inbox;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.storage.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code gitml status [--json]}: is capture working? The daemon, the inbox backlog, this
 * repository's hooks, the last capture and the last errors (README).
 */
@Command(name = "status", description = "Whether capture works: daemon, inbox, hooks, errors.")
final class StatusCommand extends GitmlSubcommand implements Callable<Integer> {
  @Mixin JsonOption output;

  @Override
  public Integer call() throws Exception {
    GitmlHome home = gitml().home();
    Optional<Long> pid = DaemonClient.livePid(home);
    boolean running = pid.isPresent() && DaemonClient.send(home, "status").isPresent();
    DaemonState state = DaemonState.load(home.stateFile());
    ObjectNode root = Json.object();
    ObjectNode daemon = root.putObject("daemon");
    daemon.put("running", running);
    if (running) {
      daemon.put("pid", pid.get());
    } else {
      daemon.putNull("pid");
    }
    root.put("inbox", home.inbox().size());
    ObjectNode setAside = root.putObject("set_aside");
    setAside.put("rejected", home.inbox().setAsideCount(Inbox.REJECTED));
    setAside.put("deferred", home.inbox().setAsideCount(Inbox.DEFERRED));
    ObjectNode hooks = root.putObject("hooks");
    Optional<Workspace> ws = Workspace.find(gitml().startDirectory());
    if (ws.isPresent() && ws.get().gitDir() != null) {
      for (Map.Entry<String, HookOutcome> e : new HookInstaller(ws.get()).status().entrySet()) {
        hooks.put(e.getKey(), e.getValue().wireName());
      }
    }
    root.put("last_capture", state.lastCapture());
    root.set("errors", state.errors());
    if (!state.lastOutage().isMissingNode()) {
      root.set("last_outage", state.lastOutage());
    }
    boolean setUp = ws.isPresent() && ws.get().dataDir().exists();
    root.put("set_up", setUp);
    var handoffs = root.putArray("handoffs");
    if (ws.isPresent() && ws.get().dataDir().exists()) {
      // status must answer even when the data directory cannot be read (that may be the error)
      try (Store store = Store.open(ws.get().dataDir())) {
        for (Handoff.Outcome h : Handoff.outcomes(store)) {
          handoffs
              .addObject()
              .put("milestone", h.milestone())
              .put("status", h.status())
              .put("message", h.message());
        }
      } catch (java.io.IOException | RuntimeException unreadable) {
        handoffs.removeAll();
      }
    }
    if (output.json()) {
      Json.print(gitml().out(), root);
      return Cli.OK;
    }
    var out = gitml().out();
    if (!setUp) {
      out.println(
          "set up:       no, "
              + (ws.isPresent()
                  ? "run gitml init here to capture this" + " repository"
                  : "not in a git repository (run gitml init in one)"));
    }
    out.println("daemon:       " + (running ? "running, pid " + pid.get() : "not running"));
    out.println(
        "inbox:        "
            + root.get("inbox").asInt()
            + " events waiting"
            + setAsideText(setAside, home));
    List<String> hookStates = new ArrayList<>();
    hooks
        .properties()
        .iterator()
        .forEachRemaining(e -> hookStates.add(e.getKey() + " " + e.getValue().asText()));
    out.println(
        "hooks:        "
            + (hooks.isEmpty() ? "(not in a repository)" : String.join(", ", hookStates)));
    out.println("last capture: " + (state.lastCapture() == null ? "never" : state.lastCapture()));
    for (JsonNode h : handoffs) {
      out.println(
          "hand-off:     "
              + h.get("milestone").asText()
              + " "
              + h.get("status").asText()
              + ": "
              + h.get("message").asText());
    }
    for (JsonNode e : state.errors()) {
      out.println("error:        " + e.path("time").asText() + " " + e.path("message").asText());
    }
    JsonNode outage = state.lastOutage();
    if (!outage.isMissingNode()) {
      out.println(
          "last outage:  "
              + outage.path("from").asText()
              + " to "
              + outage.path("to").asText()
              + ", "
              + outage.path("errors").asLong()
              + " errors, last: "
              + outage.path("last").asText());
    }
    return Cli.OK;
  }

  private static String setAsideText(JsonNode setAside, GitmlHome home) {
    int rejected = setAside.get("rejected").asInt();
    int deferred = setAside.get("deferred").asInt();
    if (rejected + deferred == 0) {
      return "";
    }
    return "; set aside: "
        + rejected
        + " rejected, "
        + deferred
        + " deferred (reasons in "
        + home.inbox().dir().resolve(Inbox.REJECTED)
        + "/*.reason)";
  }
}
