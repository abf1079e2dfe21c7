package dev.gitml.storage;

import dev.gitml.storage.chunk.ChunkConstants;
import dev.gitml.storage.chunk.Chunks;
import dev.gitml.storage.chunk.RecordLocation;
import dev.gitml.storage.record.RecordCodec;
import dev.gitml.storage.record.RecordFormatException;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.RecordType.Placement;
import dev.gitml.storage.record.StoredRecord;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Brings the index up to date with the chunk files on disk: new sealed chunks (written by another
 * clone and brought by {@code git pull}) are read whole, open segments from where the index
 * stopped. When a file the index knows has vanished or shrunk (a teammate's compaction, a hand
 * edit), the stream is re-read from scratch: rare, and always right.
 */
final class IndexSync {
  private final DataDir dir;
  private final Index index;
  private final Consumer<String> problems;

  IndexSync(DataDir dir, Index index, Consumer<String> problems) {
    this.dir = dir;
    this.index = index;
    this.problems = problems;
  }

  /** A chunk file on disk. */
  record DiskFile(Path path, String relative, boolean sealed, long size, long mtime) {}

  /** Catches up every stream; returns the number of record lines read (copies included). */
  long catchUp() throws IOException {
    Map<String, List<FileRow>> known = new HashMap<>();
    for (FileRow row : index.files()) {
      known.computeIfAbsent(row.stream(), s -> new ArrayList<>()).add(row);
    }
    long added = 0;
    for (RecordType type : RecordType.values()) {
      added += catchUp(type, known.getOrDefault(type.stream(), List.of()));
    }
    return added;
  }

  private long catchUp(RecordType type, List<FileRow> rows) throws IOException {
    List<DiskFile> disk = list(dir, type);
    Map<String, DiskFile> byPath = new HashMap<>();
    for (DiskFile f : disk) {
      byPath.put(f.relative(), f);
    }
    Map<String, FileRow> known = new HashMap<>();
    boolean stale = false;
    for (FileRow row : rows) {
      DiskFile f = byPath.get(row.path());
      if (f == null
          || f.sealed() != row.sealed()
          || (row.sealed() && f.size() != row.size())
          || (!row.sealed() && f.size() < row.indexedTo())) {
        stale = true;
      }
      known.put(row.path(), row);
    }
    if (stale) {
      index.transaction(
          () -> {
            index.deleteStream(type.stream());
            return null;
          });
      known.clear();
    }
    long added = 0;
    // Sealed chunks first, so that a record both sealed and still in an open segment is
    // located in the sealed chunk.
    for (DiskFile f : disk) {
      if (f.sealed() && !known.containsKey(f.relative())) {
        added += indexSealed(type, f);
      }
    }
    for (DiskFile f : disk) {
      if (!f.sealed()) {
        FileRow row = known.get(f.relative());
        long from = row == null ? 0 : row.indexedTo();
        if (row == null || f.size() > from) {
          added += indexOpen(type, f, from);
        }
      }
    }
    return added;
  }

  /** The chunk files of a stream, in both placements, sealed ones sorted by name. */
  static List<DiskFile> list(DataDir dir, RecordType type) throws IOException {
    List<DiskFile> out = new ArrayList<>();
    for (Placement p : Placement.values()) {
      Path streamDir = dir.streamDir(p, type.stream());
      if (!Files.isDirectory(streamDir)) {
        continue;
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(streamDir)) {
        for (Path file : ds) {
          String name = file.getFileName().toString();
          boolean sealed = ChunkConstants.isSealedName(name);
          if (!sealed && !ChunkConstants.isOpenName(name)) {
            continue;
          }
          BasicFileAttributes a;
          try { // one stat a file: a store read lists every stream's files
            a = Files.readAttributes(file, BasicFileAttributes.class);
          } catch (IOException gone) {
            continue; // sealed and deleted meanwhile, or unreadable (a link in a loop): passed over
          }
          if (a.isRegularFile()) {
            out.add(
                new DiskFile(
                    file, dir.relative(file), sealed, a.size(), a.lastModifiedTime().toMillis()));
          }
        }
      }
    }
    out.sort((a, b) -> a.relative().compareTo(b.relative()));
    return out;
  }

  private long indexSealed(RecordType type, DiskFile f) throws IOException {
    String label = labelOf(f);
    return index.transaction(
        () -> {
          long fileId =
              index.putFile(f.relative(), type.stream(), true, f.size(), f.mtime(), f.size());
          long[] added = {0};
          // A damaged chunk is indexed as far as its records can be trusted, and one problem line
          // says how many were salvaged and lost; `gitml chunks verify --repair` rewrites it.
          Chunks.scanSealed(
              f.path(),
              label,
              soundRecord(type),
              (at, buf, off, len) -> {
                if (indexLine(type, label, fileId, at, true, buf, off, len)) {
                  added[0]++;
                }
              },
              message -> problem(fileId, message));
          return added[0];
        });
  }

  private long indexOpen(RecordType type, DiskFile f, long from) throws IOException {
    String label = labelOf(f);
    return index.transaction(
        () -> {
          long fileId =
              index.putFile(f.relative(), type.stream(), false, f.size(), f.mtime(), from);
          long[] added = {0};
          long end =
              Chunks.scanOpen(
                  f.path(),
                  from,
                  (at, buf, off, len) -> {
                    if (indexLine(type, label, fileId, at, false, buf, off, len)) {
                      added[0]++;
                    }
                  });
          index.putFile(f.relative(), type.stream(), false, f.size(), f.mtime(), end);
          return added[0];
        });
  }

  private boolean indexLine(
      RecordType type,
      String label,
      long fileId,
      RecordLocation at,
      boolean sealed,
      byte[] buf,
      int off,
      int len)
      throws IOException {
    StoredRecord r;
    try {
      r = RecordCodec.parse(buf, off, len);
    } catch (RecordFormatException e) {
      problem(fileId, label + ": record at " + where(at) + " skipped: " + e.getMessage());
      return false;
    }
    if (r.type() != type) {
      problem(
          fileId,
          label
              + ": record at "
              + where(at)
              + " skipped: a "
              + r.type().wireName()
              + " record in the "
              + type.stream()
              + " stream");
      return false;
    }
    try {
      index.put(IndexColumns.entry(r, fileId, at, sealed));
      return true;
    } catch (SQLException e) {
      throw new IndexException(
          "index: cannot add " + label + " " + where(at) + ": " + e.getMessage(), e);
    }
  }

  /** A problem is kept in the index with its file, so later commands still report it. */
  private void problem(long fileId, String message) throws IOException {
    problems.accept(message);
    try {
      index.putProblem(fileId, message);
    } catch (SQLException e) {
      throw new IndexException("index: " + e.getMessage(), e);
    }
  }

  /**
   * Whether a line from a damaged block is a sound record of {@code type}: it parses and its id is
   * the hash of its content, the only check left for bytes that passed no checksum.
   */
  static Chunks.LineCheck soundRecord(RecordType type) {
    return (buf, off, len) -> {
      try {
        StoredRecord r = RecordCodec.parse(buf, off, len);
        return r.type() == type && r.idMatchesContent();
      } catch (RecordFormatException | RuntimeException e) {
        return false;
      }
    };
  }

  static String labelOf(DiskFile f) {
    return f.relative();
  }

  static String where(RecordLocation at) {
    return at.block() == RecordLocation.OPEN
        ? "offset " + at.offset()
        : "block " + at.block() + " offset " + at.offset();
  }
}
