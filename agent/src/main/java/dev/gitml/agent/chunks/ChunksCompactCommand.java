package dev.gitml.agent.chunks;

import dev.gitml.agent.Cli;
import dev.gitml.agent.GitmlSubcommand;
import dev.gitml.agent.Sizes;
import dev.gitml.storage.Compactor;
import dev.gitml.storage.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gitml chunks compact [--seal]}: merges small chunks and drops duplicates. */
@Command(name = "compact", description = "Merge small sealed chunks and drop duplicate records.")
final class ChunksCompactCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(
      names = "--seal",
      description = "First seal this clone's open segments, whatever their size.")
  boolean seal;

  @Override
  public Integer call() throws Exception {
    try (Store store = gitml().openStore()) {
      int sealed = seal ? store.sealAll() : 0;
      Compactor.Result r = store.compact(null);
      var out = gitml().out();
      if (seal) {
        out.println("sealed " + sealed + " open segment" + (sealed == 1 ? "" : "s"));
      }
      if (r.chunksBefore() == 0) {
        out.println("nothing to compact");
      } else {
        out.printf(
            "compacted %d chunks into %d (%s -> %s), %d records dropped%n",
            r.chunksBefore(),
            r.chunksAfter(),
            Sizes.bytes(r.bytesBefore()),
            Sizes.bytes(r.bytesAfter()),
            r.recordsDropped());
      }
    }
    return Cli.OK;
  }
}
