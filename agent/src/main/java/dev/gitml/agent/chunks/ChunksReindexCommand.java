package dev.gitml.agent.chunks;

import dev.gitml.agent.Cli;
import dev.gitml.storage.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code gitml chunks reindex}: rebuilds the SQLite index from the chunk files. */
@Command(name = "reindex", description = "Rebuild the SQLite index from the chunk files.")
final class ChunksReindexCommand implements Callable<Integer> {
  @ParentCommand ChunksCommand chunks;

  @Override
  public Integer call() throws Exception {
    try (Store store = chunks.gitml.openStore()) {
      long start = System.nanoTime();
      long n = store.reindex();
      long ms = (System.nanoTime() - start) / 1_000_000;
      chunks.gitml.out().printf("indexed %d records in %d ms%n", n, ms);
      for (String p : store.problems()) {
        chunks.gitml.err().println("warning: " + p);
      }
    }
    return Cli.OK;
  }
}
