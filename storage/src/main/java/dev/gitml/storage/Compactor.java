package dev.gitml.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.chunk.ChunkConstants;
import dev.gitml.storage.chunk.ChunkOptions;
import dev.gitml.storage.chunk.Chunks;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.json.Mappers;
import dev.gitml.storage.record.RecordCodec;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StoredRecord;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Rewrites a stream's sealed chunks: merges the small ones, drops copies the index does not locate
 * there (duplicates) and records the caller wants gone (expired, deleted).
 *
 * <p>Crash-safe order: the new chunks are written under temporary names and fsynced; a journal
 * ({@code local/compact.journal}) then names them and the chunks they replace; the new chunks are
 * published (renamed), the index updated, the old chunks deleted, the journal removed. On open,
 * {@link #recover} rolls an interrupted compaction forward from its journal, or, without one,
 * removes the temporary files of a compaction that never reached its journal. Either way each
 * record is stored exactly once afterwards. A damaged chunk among those replaced gives up the
 * records it salvages, and is copied to {@link DataDir#quarantine} before it is removed.
 */
public final class Compactor {
  private static final ObjectMapper JSON = Mappers.JSON;

  private final DataDir dir;
  private final Index index;
  private final ChunkOptions options;
  private final Consumer<String> problems;

  Compactor(DataDir dir, Index index, ChunkOptions options, Consumer<String> problems) {
    this.dir = dir;
    this.index = index;
    this.options = options;
    this.problems = problems;
  }

  /** Which records a compaction removes (null: none, only merge and dedupe). */
  @FunctionalInterface
  public interface Drop {
    boolean test(StoredRecord r);
  }

  /** What a compaction did. */
  public record Result(
      int chunksBefore, int chunksAfter, long recordsDropped, long bytesBefore, long bytesAfter) {
    Result plus(Result o) {
      return new Result(
          chunksBefore + o.chunksBefore,
          chunksAfter + o.chunksAfter,
          recordsDropped + o.recordsDropped,
          bytesBefore + o.bytesBefore,
          bytesAfter + o.bytesAfter);
    }
  }

  Result compact(Drop drop) throws IOException {
    Result total = new Result(0, 0, 0, 0, 0);
    Map<Long, long[]> live = liveByFile();
    for (RecordType type : RecordType.values()) {
      total = total.plus(compact(type, drop, live));
    }
    return total;
  }

  private Result compact(RecordType type, Drop drop, Map<Long, long[]> live) throws IOException {
    List<FileRow> sealed = new ArrayList<>();
    for (FileRow f : index.files()) {
      if (f.stream().equals(type.stream()) && f.sealed()) {
        sealed.add(f);
      }
    }
    sealed.sort(Comparator.comparing(FileRow::path));
    List<FileRow> candidates = new ArrayList<>();
    boolean mustRewrite = false;
    for (FileRow f : sealed) {
      long[] l = live.getOrDefault(f.id(), new long[2]);
      boolean small = l[1] < options.segmentBytes() / 2;
      boolean shadowed = l[0] == 0;
      boolean dropsSome = drop != null && hasDropped(f, drop);
      if (small || shadowed || dropsSome) {
        candidates.add(f);
        mustRewrite |= shadowed || dropsSome;
      }
    }
    if (candidates.isEmpty() || (candidates.size() < 2 && !mustRewrite)) {
      return new Result(0, 0, 0, 0, 0);
    }
    return rewrite(type, candidates, drop);
  }

  private Result rewrite(RecordType type, List<FileRow> candidates, Drop drop) throws IOException {
    LiveScan scan = new LiveScan(dir, index, problems);
    List<Chunks.Pending> pending = new ArrayList<>();
    List<List<String>> idsByChunk = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    List<Kept> batch = new ArrayList<>();
    long[] batchBytes = {0};
    long bytesBefore = 0;
    for (FileRow f : candidates) {
      bytesBefore += f.size();
      Path target = dir.resolve(f.path()).getParent();
      boolean damaged =
          scan.scanFile(
              f,
              (r, at) -> {
                if (drop != null && drop.test(r)) {
                  dropped.add(r.id());
                  return;
                }
                byte[] line = RecordCodec.toLine(r);
                batch.add(new Kept(r.id(), r.ts(), line));
                batchBytes[0] += line.length + 1L;
              });
      if (damaged) {
        // its salvaged records move to the new chunk; the damaged file is kept, not deleted
        Repair.quarantine(dir, dir.resolve(f.path()));
      }
      if (batchBytes[0] >= options.segmentBytes()) {
        flush(target, batch, pending, idsByChunk);
        batchBytes[0] = 0;
      }
    }
    Path target = dir.resolve(candidates.get(candidates.size() - 1).path()).getParent();
    flush(target, batch, pending, idsByChunk);

    writeJournal(pending, candidates);
    List<Chunks.Sealed> published = new ArrayList<>();
    for (Chunks.Pending p : pending) {
      published.add(Chunks.publish(p));
    }
    Set<String> newPaths = new HashSet<>();
    long bytesAfter = 0;
    for (Chunks.Sealed s : published) {
      newPaths.add(dir.relative(s.file()));
      bytesAfter += Files.size(s.file());
    }
    index.transaction(
        () -> {
          for (int c = 0; c < published.size(); c++) {
            Chunks.Sealed s = published.get(c);
            long size = Files.size(s.file());
            long fileId =
                index.putFile(
                    dir.relative(s.file()),
                    type.stream(),
                    true,
                    size,
                    Files.getLastModifiedTime(s.file()).toMillis(),
                    size);
            List<String> ids = idsByChunk.get(c);
            for (int i = 0; i < ids.size(); i++) {
              index.relocate(ids.get(i), fileId, s.locations().get(i), true);
            }
          }
          for (String id : dropped) {
            index.deleteRecord(id);
          }
          // Every live record has moved to a new chunk or been dropped: only the rows go.
          for (FileRow f : candidates) {
            if (!newPaths.contains(f.path())) {
              index.deleteFile(f.id());
            }
          }
          return null;
        });
    for (FileRow f : candidates) {
      if (!newPaths.contains(f.path())) {
        Files.deleteIfExists(dir.resolve(f.path()));
      }
    }
    for (FileRow f : candidates) {
      AtomicFiles.fsyncDirectory(dir.resolve(f.path()).getParent());
    }
    Files.deleteIfExists(dir.journal());
    return new Result(candidates.size(), published.size(), dropped.size(), bytesBefore, bytesAfter);
  }

  private record Kept(String id, long ts, byte[] line) {}

  private void flush(
      Path target, List<Kept> batch, List<Chunks.Pending> pending, List<List<String>> idsByChunk)
      throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    batch.sort(Comparator.comparingLong(Kept::ts).thenComparing(Kept::id));
    List<Chunks.Line> lines = new ArrayList<>(batch.size());
    List<String> ids = new ArrayList<>(batch.size());
    for (Kept k : batch) {
      lines.add(new Chunks.Line(k.line(), k.ts()));
      ids.add(k.id());
    }
    Chunks.Pending p = Chunks.write(target, lines, options);
    pending.add(p);
    idsByChunk.add(ids);
    batch.clear();
  }

  private boolean hasDropped(FileRow f, Drop drop) throws IOException {
    boolean[] found = {false};
    new LiveScan(dir, index, problems).scanFile(f, (r, at) -> found[0] |= drop.test(r));
    return found[0];
  }

  /** Per file id: live records and their raw bytes. */
  private Map<Long, long[]> liveByFile() throws IOException {
    Map<Long, long[]> out = new HashMap<>();
    for (long[] row :
        index.query(
            "SELECT file_id, count(*), sum(len + 1) FROM records GROUP BY file_id",
            rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})) {
      out.put(row[0], new long[] {row[1], row[2]});
    }
    return out;
  }

  private void writeJournal(List<Chunks.Pending> pending, List<FileRow> replaced)
      throws IOException {
    ObjectNode j = JSON.createObjectNode();
    ArrayNode publish = j.putArray("publish");
    for (Chunks.Pending p : pending) {
      publish
          .addObject()
          .put("tmp", dir.relative(p.tmp()))
          .put("name", dir.relative(p.tmp().resolveSibling(p.fileName())));
    }
    ArrayNode delete = j.putArray("delete");
    for (FileRow f : replaced) {
      delete.add(f.path());
    }
    AtomicFiles.createPrivateDirectories(dir.journal().getParent());
    AtomicFiles.write(dir.journal(), JSON.writeValueAsBytes(j));
  }

  /**
   * Finishes or undoes an interrupted compaction (call under the store lock, before the index is
   * used): with a journal, publishes its new chunks and deletes the ones they replace; then removes
   * temporary chunk files left by any interrupted write.
   */
  static void recover(DataDir dir) throws IOException {
    Path journal = dir.journal();
    if (Files.exists(journal)) {
      JsonNode j;
      try {
        j = JSON.readTree(Files.readAllBytes(journal));
      } catch (IOException e) {
        throw new StoreException(
            "compaction journal "
                + journal
                + " is unreadable ("
                + e.getMessage()
                + "); remove it and run `gitml chunks verify`");
      }
      Set<String> names = new HashSet<>();
      for (JsonNode p : j.path("publish")) {
        Path tmp = dir.resolve(p.path("tmp").asText());
        Path name = dir.resolve(p.path("name").asText());
        names.add(p.path("name").asText());
        if (Files.exists(tmp)) {
          if (Files.exists(name)) {
            Files.delete(tmp);
          } else {
            AtomicFiles.move(tmp, name);
          }
        }
      }
      for (JsonNode d : j.path("delete")) {
        if (!names.contains(d.asText())) {
          Files.deleteIfExists(dir.resolve(d.asText()));
        }
      }
      Files.delete(journal);
    }
    for (RecordType.Placement p : RecordType.Placement.values()) {
      for (RecordType t : RecordType.values()) {
        Path streamDir = dir.streamDir(p, t.stream());
        if (!Files.isDirectory(streamDir)) {
          continue;
        }
        try (DirectoryStream<Path> ds =
            Files.newDirectoryStream(streamDir, "." + "*" + ChunkConstants.TMP_SUFFIX)) {
          for (Path tmp : ds) {
            Files.deleteIfExists(tmp);
          }
        }
      }
    }
  }
}
