package dev.gitml.agent.chunks;

import dev.gitml.agent.Cli;
import dev.gitml.agent.GitmlSubcommand;
import dev.gitml.agent.Problems;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.RecordCodec;
import dev.gitml.storage.record.RecordType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gitml chunks reconstruct -o FILE}: every record once, as one JSON line {@code {"id",
 * "type", "v", "ts", "data"}}.
 */
@Command(
    name = "reconstruct",
    description = "Write every record once as a JSON line {id, type, v, ts, data}.")
final class ChunksReconstructCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "FILE",
      description = "Where to write (- for standard output).")
  String output;

  @Option(
      names = "--stream",
      paramLabel = "STREAM",
      description = "Only this stream (commits, commits-full, chats, …).")
  String stream;

  @Override
  public Integer call() throws Exception {
    List<RecordType> types;
    try {
      types =
          stream == null ? List.of(RecordType.values()) : List.of(RecordType.fromStream(stream));
    } catch (IllegalArgumentException e) {
      throw new Cli.UsageException(e.getMessage());
    }
    long[] n = {0};
    try (Store store = gitml().openStore()) {
      boolean toStdout = "-".equals(output);
      Path target = toStdout ? null : gitml().startDirectory().resolve(output);
      Path tmp = toStdout ? null : target.resolveSibling(target.getFileName() + ".tmp");
      try (OutputStream out =
          toStdout
              ? nonClosing(gitml().out())
              : new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        for (RecordType t : types) {
          store.scan(
              t,
              r -> {
                out.write(RecordCodec.toLine(r));
                out.write('\n');
                n[0]++;
              });
        }
      }
      if (!toStdout) {
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        gitml().err().println("wrote " + n[0] + " records to " + target);
      }
      if (Problems.report(store, gitml().err()) > 0) {
        gitml()
            .err()
            .println(
                "gitml: some records could not be read (see the warnings;"
                    + " `gitml chunks verify` lists the damage)");
        return Cli.FAILURE;
      }
    }
    return Cli.OK;
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(new BufferedOutputStream(out, 1 << 16)) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
