package dev.gitml.storage;

import dev.gitml.storage.chunk.ChunkOptions;
import dev.gitml.storage.chunk.Chunks;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.record.RecordCodec;
import dev.gitml.storage.record.RecordFormatException;
import dev.gitml.storage.record.RecordType;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code gitml chunks verify --repair}: rewrites each damaged sealed chunk as a sound one holding
 * the records it salvages (see {@link Chunks#readSealed}), and keeps the damaged file in {@code
 * local/quarantine/} under its own path. Nothing is deleted that was not first copied there and
 * fsynced, so a crash at any point leaves either the damaged chunk in its stream or its copy in
 * quarantine, and running the repair again finishes it.
 */
final class Repair {
  private final DataDir dir;
  private final ChunkOptions options;

  Repair(DataDir dir, ChunkOptions options) {
    this.dir = dir;
    this.options = options;
  }

  /** Repairs every damaged sealed chunk; returns one line per chunk repaired. */
  List<String> run() throws IOException {
    List<String> done = new ArrayList<>();
    for (RecordType type : RecordType.values()) {
      for (IndexSync.DiskFile f : IndexSync.list(dir, type)) {
        if (f.sealed()) {
          repair(type, f, done);
        }
      }
    }
    return done;
  }

  private void repair(RecordType type, IndexSync.DiskFile f, List<String> done) throws IOException {
    List<Chunks.Line> lines = new ArrayList<>();
    Chunks.ReadResult read =
        Chunks.readSealed(
            f.path(),
            f.relative(),
            IndexSync.soundRecord(type),
            (at, buf, off, len) ->
                lines.add(
                    new Chunks.Line(Arrays.copyOfRange(buf, off, off + len), ts(buf, off, len))));
    if (!read.damaged()) {
      return;
    }
    Path kept = quarantine(dir, f.path());
    String rewritten = "nothing to rewrite";
    if (!lines.isEmpty()) {
      Chunks.Pending p = Chunks.write(f.path().getParent(), lines, options);
      if (p.fileName().equals(f.path().getFileName().toString())) {
        // every record salvaged and in order: the sound chunk takes the damaged one's name
        AtomicFiles.move(p.tmp(), f.path());
      } else {
        Chunks.publish(p);
        Files.delete(f.path());
      }
      rewritten = "rewritten to " + dir.relative(f.path().resolveSibling(p.fileName()));
    } else {
      Files.delete(f.path());
    }
    AtomicFiles.fsyncDirectory(f.path().getParent());
    done.add(
        "chunk "
            + f.relative()
            + ": "
            + read.records()
            + " records "
            + rewritten
            + ", "
            + read.lostText()
            + "; the damaged file is kept as "
            + dir.relative(kept));
  }

  /**
   * Copies a damaged chunk into {@code local/quarantine/} under its path in the data directory,
   * durably, before anything removes it from its stream; returns the copy.
   */
  static Path quarantine(DataDir dir, Path chunk) throws IOException {
    Path copy = dir.quarantine().resolve(dir.relative(chunk));
    AtomicFiles.createPrivateDirectories(copy.getParent());
    Files.copy(chunk, copy, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    AtomicFiles.fsyncDirectory(copy.getParent());
    return copy;
  }

  /** A record's time, to name the new chunk; a line that does not parse does not name it. */
  private static long ts(byte[] buf, int off, int len) {
    try {
      return RecordCodec.parse(buf, off, len).ts();
    } catch (RecordFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
