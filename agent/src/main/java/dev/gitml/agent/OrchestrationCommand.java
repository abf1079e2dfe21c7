package dev.gitml.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.orchestration.Orchestration;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.TextFields;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gitml orchestration summary [--session ID] [--json]}: how subagents were used. */
@Command(
    name = "orchestration",
    description = "How assistants delegated to subagents.",
    subcommands = OrchestrationCommand.Summary.class)
final class OrchestrationCommand extends GitmlSubcommand implements Runnable {

  @Override
  public void run() {
    commandSpec().commandLine().usage(gitml().out());
  }

  @Command(
      name = "summary",
      description =
          "Per subagent type: runs, time, tools, files and whether the work reached a commit;"
              + " per session, the tree of delegations.")
  static final class Summary extends GitmlSubcommand implements Callable<Integer> {
    @Option(
        names = "--session",
        paramLabel = "ID",
        description = "Only this session (default: every stored session).")
    String session;

    @Mixin JsonOption output;

    @Override
    public Integer call() throws Exception {
      Orchestration.Summary s;
      try (Store store = gitml().openStore()) {
        s = Orchestration.of(store, session);
      }
      if (session != null && s.sessions().isEmpty() && s.sessionsWithout() == 0) {
        throw new Cli.FailedException("no session " + session + " is stored");
      }
      if (output.json()) {
        Json.print(gitml().out(), json(s));
      } else {
        print(gitml().out(), s);
      }
      return Cli.OK;
    }

    private static ObjectNode json(Orchestration.Summary s) {
      ObjectNode root = Json.object();
      ArrayNode types = root.putArray("agent_types");
      for (Orchestration.TypeSummary t : s.types()) {
        ObjectNode o = types.addObject();
        o.put("agent_type", t.agentType())
            .put("runs", t.runs())
            .put("chats", t.chats())
            .put("seconds", round(t.seconds()))
            .put("files", t.files())
            .put("reached_commit", t.reachedCommit());
        ObjectNode tools = o.putObject("tools");
        t.tools().forEach(tools::put);
      }
      ArrayNode sessions = root.putArray("sessions");
      for (Orchestration.SessionTree tree : s.sessions()) {
        ObjectNode o = sessions.addObject();
        o.put("session_id", tree.sessionId())
            .put("assistant", tree.assistant())
            .put("started", tree.started())
            .put("chats", tree.chats());
        ArrayNode prompts = o.putArray("delegations");
        for (Orchestration.Delegation d : tree.prompts()) {
          ObjectNode p = prompts.addObject();
          p.put("chat_id", d.chatId()).put("query", d.query());
          runs(p.putArray("subagents"), d.runs());
        }
      }
      root.put("sessions_without_subagents", s.sessionsWithout());
      return root;
    }

    private static void runs(ArrayNode into, List<Orchestration.Run> runs) {
      for (Orchestration.Run r : runs) {
        ObjectNode o = into.addObject();
        o.put("agent_id", r.agentId())
            .put("agent_type", r.agentType())
            .put("description", r.description())
            .put("chats", r.chats())
            .put("seconds", round(r.seconds()));
        ObjectNode tools = o.putObject("tools");
        r.tools().forEach(tools::put);
        o.putArray("files_modified").addAll(r.filesModified().stream().map(o::textNode).toList());
        o.putArray("files_referenced")
            .addAll(r.filesReferenced().stream().map(o::textNode).toList());
        o.putArray("commits").addAll(r.commits().stream().map(o::textNode).toList());
        o.put("reached_commit", !r.commits().isEmpty());
        runs(o.putArray("subagents"), r.children());
      }
    }

    private static void print(PrintStream out, Orchestration.Summary s) {
      if (s.types().isEmpty()) {
        out.printf(
            "no subagents in %d stored session%s%n",
            s.sessionsWithout(), s.sessionsWithout() == 1 ? "" : "s");
        return;
      }
      out.println("by agent type:");
      out.printf(
          Locale.ROOT,
          "  %-20s %5s %6s %9s %6s %10s  %s%n",
          "type",
          "runs",
          "chats",
          "time",
          "files",
          "committed",
          "tools");
      for (Orchestration.TypeSummary t : s.types()) {
        out.printf(
            Locale.ROOT,
            "  %-20s %5d %6d %9s %6d %10s  %s%n",
            t.agentType(),
            t.runs(),
            t.chats(),
            duration(t.seconds()),
            t.files(),
            t.reachedCommit() + " of " + t.runs(),
            tools(t.tools()));
      }
      for (Orchestration.SessionTree tree : s.sessions()) {
        out.printf(
            "%nsession %s (%s, %s, %d chats)%n",
            tree.sessionId(), tree.assistant(), tree.started(), tree.chats());
        for (Orchestration.Delegation d : tree.prompts()) {
          out.println(
              d.chatId() == null
                  ? "  from a prompt not stored:"
                  : "  prompt \"" + oneLine(d.query(), 70) + "\"");
          tree(out, d.runs(), "    ");
        }
      }
      if (s.sessionsWithout() > 0) {
        out.printf("%n%d other sessions started no subagent%n", s.sessionsWithout());
      }
    }

    private static void tree(PrintStream out, List<Orchestration.Run> runs, String indent) {
      for (Orchestration.Run r : runs) {
        out.printf(
            Locale.ROOT,
            "%s└ %s %s%s: %d chats, %s, %d files, %s%n",
            indent,
            r.agentType(),
            r.agentId(),
            r.description() == null ? "" : " \"" + oneLine(r.description(), 50) + "\"",
            r.chats(),
            duration(r.seconds()),
            r.filesModified().size() + r.filesReferenced().size(),
            r.commits().isEmpty()
                ? "no commit"
                : "commits "
                    + r.commits().stream()
                        .map(h -> h.substring(0, Math.min(12, h.length())))
                        .collect(Collectors.joining(", ")));
        tree(out, r.children(), indent + "  ");
      }
    }

    private static String tools(Map<String, Integer> tools) {
      return tools.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .limit(6)
          .map(e -> e.getKey() + " " + e.getValue())
          .collect(Collectors.joining(", "));
    }

    private static String duration(double seconds) {
      long s = Math.round(seconds);
      return s < 60
          ? s + " s"
          : s < 3600
              ? (s / 60) + " min " + (s % 60) + " s"
              : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    private static String oneLine(String text, int max) {
      return TextFields.cut(text == null ? "" : text.strip().replaceAll("\\s+", " "), max);
    }

    private static double round(double seconds) {
      return Math.round(seconds * 1000) / 1000.0;
    }
  }
}
