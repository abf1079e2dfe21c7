package dev.gitml.agent.chunks;

import dev.gitml.agent.Cli;
import dev.gitml.agent.GitmlSubcommand;
import dev.gitml.storage.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gitml chunks reindex}: rebuilds the SQLite index from the chunk files. */
@Command(name = "reindex", description = "Rebuild the SQLite index from the chunk files.")
final class ChunksReindexCommand extends GitmlSubcommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    try (Store store = gitml().openStore()) {
      long start = System.nanoTime();
      long n = store.reindex();
      long ms = (System.nanoTime() - start) / 1_000_000;
      gitml().out().printf("indexed %d records in %d ms%n", n, ms);
      for (String p : store.problems()) {
        gitml().err().println("warning: " + p);
      }
    }
    return Cli.OK;
  }
}
