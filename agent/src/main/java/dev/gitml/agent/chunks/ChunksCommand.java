package dev.gitml.agent.chunks;

import dev.gitml.agent.GitmlSubcommand;
import picocli.CommandLine.Command;

/** {@code gitml chunks …} (alias {@code chunked}, as the Python tool's users type it). */
@Command(
    name = "chunks",
    aliases = "chunked",
    description = "Inspect and maintain the chunk files.",
    subcommands = {
      ChunksStatsCommand.class,
      ChunksCompactCommand.class,
      ChunksVerifyCommand.class,
      ChunksReconstructCommand.class,
      ChunksReindexCommand.class,
    })
public final class ChunksCommand extends GitmlSubcommand implements Runnable {

  @Override
  public void run() {
    commandSpec().commandLine().usage(gitml().out());
  }
}
