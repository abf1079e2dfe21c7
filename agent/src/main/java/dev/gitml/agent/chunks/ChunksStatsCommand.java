package dev.gitml.agent.chunks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.agent.Cli;
import dev.gitml.agent.GitmlSubcommand;
import dev.gitml.agent.Json;
import dev.gitml.agent.JsonOption;
import dev.gitml.agent.Problems;
import dev.gitml.agent.Sizes;
import dev.gitml.storage.Store;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gitml chunks stats [--json]}: records, chunks and bytes per stream. */
@Command(name = "stats", description = "Records, chunk files and bytes per stream.")
final class ChunksStatsCommand extends GitmlSubcommand implements Callable<Integer> {
  @Mixin JsonOption output;

  @Override
  public Integer call() throws Exception {
    try (Store store = gitml().openStore()) {
      ObjectNode root = Json.object();
      ObjectNode streams = root.putObject("streams");
      long raw = 0;
      long stored = 0;
      for (Store.StreamStats s : store.stats().values()) {
        ObjectNode n = streams.putObject(s.stream());
        n.put("records", s.records());
        n.put("chunks", s.sealedChunks());
        n.put("open_segments", s.openSegments());
        n.put("raw_bytes", s.rawBytes());
        n.put("stored_bytes", s.storedBytes());
        raw += s.rawBytes();
        stored += s.storedBytes();
      }
      root.put("raw_bytes", raw);
      root.put("stored_bytes", stored);
      Problems.report(store, gitml().err());
      if (output.json()) {
        Json.print(gitml().out(), root);
        return Cli.OK;
      }
      var out = gitml().out();
      out.printf(
          Locale.ROOT,
          "%-13s %9s %7s %5s %11s %11s %7s%n",
          "stream",
          "records",
          "chunks",
          "open",
          "raw",
          "stored",
          "ratio");
      streams
          .properties()
          .iterator()
          .forEachRemaining(
              e -> {
                ObjectNode n = (ObjectNode) e.getValue();
                out.printf(
                    Locale.ROOT,
                    "%-13s %9d %7d %5d %11s %11s %7s%n",
                    e.getKey(),
                    n.get("records").asLong(),
                    n.get("chunks").asLong(),
                    n.get("open_segments").asLong(),
                    Sizes.bytes(n.get("raw_bytes").asLong()),
                    Sizes.bytes(n.get("stored_bytes").asLong()),
                    Sizes.ratio(n.get("raw_bytes").asLong(), n.get("stored_bytes").asLong()));
              });
      out.printf(
          Locale.ROOT,
          "%-13s %9s %7s %5s %11s %11s %7s%n",
          "total",
          "",
          "",
          "",
          Sizes.bytes(raw),
          Sizes.bytes(stored),
          Sizes.ratio(raw, stored));
    }
    return Cli.OK;
  }
}
