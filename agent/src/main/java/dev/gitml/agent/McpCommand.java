package dev.gitml.agent;

import dev.gitml.agent.mcp.HistoryServer;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gitml mcp}: the Model Context Protocol server on stdio, for the assistants. */
@Command(
    name = "mcp",
    description =
        "Serve this repository's history to AI assistants over the Model Context Protocol on"
            + " stdin and stdout (tools: search_history, why, predict_files, recent_work).")
final class McpCommand extends GitmlSubcommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    String version = new Version().getVersion()[0].replace("gitml ", "");
    HistoryServer server = new HistoryServer(gitml().workspace(), gitml().clock());
    // stdout carries protocol messages only: anything a library prints goes to stderr
    PrintStream stdout = System.out;
    System.setOut(gitml().err());
    try {
      server.serve(gitml().in(), gitml().out(), version);
    } finally {
      System.setOut(stdout);
    }
    return Cli.OK;
  }
}
