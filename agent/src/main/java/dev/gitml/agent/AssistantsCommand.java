package dev.gitml.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.assistant.Assistant;
import dev.gitml.collector.assistant.Assistants;
import dev.gitml.collector.assistant.Setup;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.collector.report.PerAssistant;
import dev.gitml.storage.ErrorText;
import dev.gitml.storage.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gitml assistants install|uninstall|status [--user] [--mcp]}: gitml's launcher in the hooks
 * of every coding assistant found here that has hooks, and {@code gitml mcp} among their MCP
 * servers.
 */
@Command(
    name = "assistants",
    description = "gitml's hooks (and MCP server) in every coding assistant installed here.",
    subcommands = {
      AssistantsCommand.Install.class,
      AssistantsCommand.Uninstall.class,
      AssistantsCommand.Status.class
    })
final class AssistantsCommand extends GitmlSubcommand implements Runnable {

  @Override
  public void run() {
    commandSpec().commandLine().usage(gitml().out());
  }

  /** The assistants of this run: the repository when there is one (none for {@code --user}). */
  static List<Assistant> assistants(GitmlCommand gitml, boolean user) throws IOException {
    Workspace ws = null;
    if (!user) {
      ws = gitml.workspace();
      if (ws.gitDir() == null || !ws.dataDir().exists()) {
        throw new Cli.FailedException("not set up here: run `gitml init` first");
      }
    } else {
      try {
        ws = Workspace.find(gitml.startDirectory()).orElse(null);
      } catch (IOException outside) {
        ws = null;
      }
    }
    return Assistants.all(new Setup(ws, gitml.home().dir(), gitml.env(), gitml.userHome()));
  }

  /** The folders of the search path, where an assistant's program may be. */
  static List<Path> searchPath(GitmlCommand gitml) {
    List<Path> out = new ArrayList<>();
    String path = gitml.env().getOrDefault("PATH", "");
    for (String d : path.split(":")) {
      if (!d.isBlank()) {
        out.add(Path.of(d));
      }
    }
    return out;
  }

  /**
   * Registers gitml in every assistant found that has hooks there; prints a line each; returns
   * whether all went well (an assistant whose file cannot be changed is one line, the others go
   * on).
   */
  static boolean install(GitmlCommand gitml, boolean user, boolean mcp) throws IOException {
    Assistant.Scope scope = user ? Assistant.Scope.USER : Assistant.Scope.PROJECT;
    PrintStream out = gitml.out();
    boolean ok = true;
    List<Path> path = searchPath(gitml);
    for (Assistant a : assistants(gitml, user)) {
      Optional<Path> file = a.hooksFile(scope);
      if (!a.found(path)) {
        continue;
      }
      if (file.isEmpty()) {
        out.printf(
            "%-20s no hooks%s: the daemon reads its sessions where it keeps them%n",
            a.display(), user ? " for the user" : "");
      } else {
        try {
          List<String> added = a.installHooks(scope);
          out.printf(
              "%-20s %s: %s%n",
              a.display(),
              file.get(),
              added.isEmpty() ? "already there" : "hooks added for " + String.join(", ", added));
        } catch (IOException e) {
          ok = false;
          gitml.err().println("gitml: " + a.display() + ": " + ErrorText.of(e));
        }
      }
      if (mcp && a.mcpFile(scope).isPresent()) {
        try {
          boolean added = a.installMcp(scope);
          out.printf(
              "%-20s %s: %s%n",
              "",
              a.mcpFile(scope).get(),
              added ? "MCP server gitml added" : "MCP server gitml already there");
        } catch (IOException e) {
          ok = false;
          gitml.err().println("gitml: " + a.display() + " MCP: " + ErrorText.of(e));
        }
      }
    }
    return ok;
  }

  @Command(
      name = "install",
      description =
          "Register gitml's hooks in every assistant found here"
              + " (merged with what is there; safe to run again).")
  static final class Install extends GitmlSubcommand implements Callable<Integer> {
    @Option(names = "--user", description = "In the user's settings, for every project.")
    boolean user;

    @Option(names = "--mcp", description = "Also register `gitml mcp` as an MCP server.")
    boolean mcp;

    @Override
    public Integer call() throws Exception {
      return install(gitml(), user, mcp) ? Cli.OK : Cli.FAILURE;
    }
  }

  @Command(
      name = "uninstall",
      description = "Remove gitml's hooks (only them) from every assistant's settings.")
  static final class Uninstall extends GitmlSubcommand implements Callable<Integer> {
    @Option(names = "--user", description = "From the user's settings.")
    boolean user;

    @Option(names = "--mcp", description = "Also remove the `gitml mcp` server.")
    boolean mcp;

    @Override
    public Integer call() throws Exception {
      GitmlCommand gitml = gitml();
      Assistant.Scope scope = user ? Assistant.Scope.USER : Assistant.Scope.PROJECT;
      boolean ok = true;
      for (Assistant a : assistants(gitml, user)) {
        try {
          if (a.hooksFile(scope).isPresent()) {
            List<String> removed = a.uninstallHooks(scope);
            if (!removed.isEmpty()) {
              gitml
                  .out()
                  .printf(
                      "%-20s %s: gitml's hooks removed from %s%n",
                      a.display(), a.hooksFile(scope).get(), String.join(", ", removed));
            }
          }
          if (mcp && a.uninstallMcp(scope)) {
            gitml
                .out()
                .printf(
                    "%-20s %s: MCP server gitml removed%n",
                    a.display(), a.mcpFile(scope).orElseThrow());
          }
        } catch (IOException e) {
          ok = false;
          gitml.err().println("gitml: " + a.display() + ": " + ErrorText.of(e));
        }
      }
      return ok ? Cli.OK : Cli.FAILURE;
    }
  }

  @Command(
      name = "status",
      description = "Each assistant: found here or not, gitml's hooks, sessions stored.")
  static final class Status extends GitmlSubcommand implements Callable<Integer> {
    @Option(names = "--user", description = "The user's settings, not the project's.")
    boolean user;

    @Mixin JsonOption output;

    @Override
    public Integer call() throws Exception {
      GitmlCommand gitml = gitml();
      Assistant.Scope scope = user ? Assistant.Scope.USER : Assistant.Scope.PROJECT;
      Map<String, PerAssistant.Counts> seen = Map.of();
      Optional<Workspace> ws = Workspace.find(gitml.startDirectory());
      if (ws.isPresent() && ws.get().dataDir().exists()) {
        try (Store store = Store.open(ws.get().dataDir())) {
          seen = PerAssistant.of(store);
        }
      }
      List<Path> path = searchPath(gitml);
      ArrayNode list = Json.array();
      for (Assistant a : assistants(gitml, user)) {
        ObjectNode o = list.addObject();
        o.put("assistant", a.name());
        o.put("name", a.display());
        o.put("found", a.found(path));
        o.put("hookable", a.hooksFile(scope).isPresent());
        o.put("hooks_file", a.hooksFile(scope).map(Path::toString).orElse(null));
        ArrayNode events = o.putArray("hooks");
        try {
          a.hooksInstalled(scope).forEach(events::add);
          o.put("mcp", a.mcpInstalled(scope));
        } catch (IOException e) {
          o.put("error", ErrorText.of(e));
        }
        PerAssistant.Counts c = seen.getOrDefault(a.name(), new PerAssistant.Counts(0, 0));
        o.put("sessions", c.sessions());
        o.put("chats", c.chats());
      }
      if (output.json()) {
        ObjectNode root = Json.object();
        root.put("scope", user ? "user" : "project");
        root.set("assistants", list);
        Json.print(gitml.out(), root);
        return Cli.OK;
      }
      PrintStream out = gitml.out();
      out.printf("%-28s %-6s %-24s %-4s %s%n", "assistant", "found", "hooks", "mcp", "sessions");
      list.forEach(
          o ->
              out.printf(
                  "%-28s %-6s %-24s %-4s %d%n",
                  o.get("name").asText(),
                  o.get("found").asBoolean() ? "yes" : "no",
                  hooks(o),
                  !o.get("hookable").asBoolean() && !o.path("mcp").asBoolean()
                      ? "-"
                      : o.path("mcp").asBoolean() ? "yes" : "no",
                  o.get("sessions").asLong()));
      list.forEach(
          o -> {
            if (o.has("error")) {
              gitml
                  .err()
                  .println("gitml: " + o.get("name").asText() + ": " + o.get("error").asText());
            }
          });
      return Cli.OK;
    }

    private static String hooks(com.fasterxml.jackson.databind.JsonNode o) {
      if (!o.get("hookable").asBoolean()) {
        return "none (daemon sweep)";
      }
      int n = o.get("hooks").size();
      return n == 0 ? "not installed" : "installed (" + n + " events)";
    }
  }
}
