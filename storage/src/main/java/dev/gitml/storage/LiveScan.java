package dev.gitml.storage;

import dev.gitml.storage.chunk.Chunks;
import dev.gitml.storage.chunk.LineVisitor;
import dev.gitml.storage.chunk.RecordLocation;
import dev.gitml.storage.record.RecordCodec;
import dev.gitml.storage.record.RecordData;
import dev.gitml.storage.record.RecordFormatException;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StoredRecord;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the live records of a stream: each file in turn, keeping only the copies the index locates
 * there, so a record stored twice (a replay, a crash mid-compaction) is read once.
 */
final class LiveScan {
  private final DataDir dir;
  private final Index index;
  private final Consumer<String> problems;

  LiveScan(DataDir dir, Index index, Consumer<String> problems) {
    this.dir = dir;
    this.index = index;
    this.problems = problems;
  }

  void scan(RecordType type, Store.RecordVisitor visitor) throws IOException {
    for (FileRow f : index.files()) {
      if (f.stream().equals(type.stream())) {
        scanFile(f, (r, at) -> visitor.record(r));
      }
    }
  }

  /**
   * Visits the live records of one type as their payload type, bound straight from the bytes; a
   * record whose data does not fit is a problem, like a malformed line.
   */
  <T extends RecordData> void scan(Class<T> payloadType, Store.TypedVisitor<T> visitor)
      throws IOException {
    String stream = RecordType.of(payloadType).stream();
    for (FileRow f : index.files()) {
      if (f.stream().equals(stream)) {
        scanLines(
            f,
            (buf, off, len) -> RecordCodec.parseAs(buf, off, len, payloadType),
            (r, at) -> visitor.record(r));
      }
    }
  }

  /** Receives a live record and where it is. */
  interface LocatedVisitor {
    void record(StoredRecord r, RecordLocation at) throws IOException;
  }

  /** Visits the live records of {@code f}; returns whether it is a damaged sealed chunk. */
  boolean scanFile(FileRow f, LocatedVisitor visitor) throws IOException {
    return scanLines(f, RecordCodec::parse, visitor::record);
  }

  /** Reads a record of one form from its line. */
  @FunctionalInterface
  private interface LineParser<R> {
    R parse(byte[] buf, int offset, int length) throws RecordFormatException;
  }

  /** Receives a record read by a {@link LineParser}, and where it is. */
  @FunctionalInterface
  private interface ParsedVisitor<R> {
    void record(R record, RecordLocation at) throws IOException;
  }

  /**
   * Visits the live lines of {@code f}, each parsed by {@code parser}; a line it cannot parse is
   * reported as a problem and skipped. Returns whether {@code f} is a damaged sealed chunk.
   */
  private <R> boolean scanLines(FileRow f, LineParser<R> parser, ParsedVisitor<R> visitor)
      throws IOException {
    Set<Long> wanted = index.locationsIn(f.id());
    if (wanted.isEmpty() && !f.sealed()) {
      return false;
    }
    LineVisitor lines =
        (at, buf, off, len) -> {
          if (!wanted.contains(key(at))) {
            return;
          }
          R r;
          try {
            r = parser.parse(buf, off, len);
          } catch (RecordFormatException e) {
            problems.accept(
                f.path() + ": record at " + IndexSync.where(at) + ": " + e.getMessage());
            return;
          }
          visitor.record(r, at);
        };
    try {
      if (f.sealed()) {
        return Chunks.scanSealed(
                dir.resolve(f.path()),
                f.path(),
                IndexSync.soundRecord(RecordType.fromStream(f.stream())),
                lines,
                problems::accept)
            .damaged();
      } else {
        long end = f.indexedTo();
        Chunks.scanOpen(
            dir.resolve(f.path()),
            0,
            (at, buf, off, len) -> {
              if (at.offset() < end) {
                lines.line(at, buf, off, len);
              }
            });
      }
    } catch (NoSuchFileException e) {
      problems.accept(f.path() + ": vanished while being read");
    }
    return false;
  }

  private static long key(RecordLocation at) {
    return Index.locationKey(at.block(), at.offset());
  }
}
