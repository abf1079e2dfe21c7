package dev.gitml.storage;

import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.chunk.ChunkOptions;
import dev.gitml.storage.chunk.Chunks;
import dev.gitml.storage.chunk.RecordLocation;
import dev.gitml.storage.config.Config;
import dev.gitml.storage.index.FileRow;
import dev.gitml.storage.index.Index;
import dev.gitml.storage.index.IndexException;
import dev.gitml.storage.record.RecordCodec;
import dev.gitml.storage.record.RecordFormatException;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StoredRecord;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The record store of one data directory: appends records to this clone's open segments (each
 * id stored once), seals full segments into compressed chunks, keeps the SQLite index in step,
 * and reads records back. Every operation holds the store lock, so a daemon and any number of
 * CLI processes can use one store at once.
 */
public final class Store implements Closeable {
  private final DataDir dir;
  private final Config config;
  private final StoreLock lock;
  private String writerId;
  private final java.util.Set<String> problems =
      java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());
  private Index index;

  private Store(DataDir dir, Config config) {
    this.dir = dir;
    this.config = config;
    this.lock = new StoreLock(dir.lockFile());
  }

  /** Opens the store of an initialized data directory. */
  public static Store open(DataDir dir) throws IOException {
    if (!dir.exists()) {
      throw new StoreException(
          "no gitml data directory at " + dir.root() + " (run `gitml init` first)");
    }
    Config config = Config.load(dir.config());
    Store store = new Store(dir, config);
    try (StoreLock.Held held = store.lock.acquire()) {
      // under the lock: processes opening a new store at once must agree on one writer id
      store.writerId = dir.writerId();
      Compactor.recover(dir);
      store.index = Index.open(dir.index());
      store.sync();
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  public DataDir dir() {
    return dir;
  }

  public Config config() {
    return config;
  }

  /**
   * Problems met while reading chunks (malformed lines, damaged blocks, unreadable chunks), one
   * line each naming the file; what could be read was read.
   */
  public List<String> problems() throws IOException {
    java.util.Set<String> all = new java.util.LinkedHashSet<>();
    try (StoreLock.Held held = lock.acquire()) {
      all.addAll(index.problems());
    }
    synchronized (problems) {
      all.addAll(problems);
    }
    return List.copyOf(all);
  }

  /** The outcome of an append: how many records were new, how many were already stored. */
  public record AppendResult(int added, int skipped) {}

  /**
   * Appends records durably: each new one is written (and fsynced) to this clone's open segment
   * of its stream and indexed; one already stored (same id) is skipped. Returns once the new
   * records are on disk. A commit already stored under its hash (captured by another path,
   * with another branch) is skipped too: one record per commit ({@link RecordType#onePerKey}).
   */
  public AppendResult append(Collection<StoredRecord> records) throws IOException {
    Map<RecordType, List<StoredRecord>> byType = new EnumMap<>(RecordType.class);
    Set<String> seen = new HashSet<>();
    int skipped = 0;
    for (StoredRecord r : records) {
      if (seen.add(r.id())) {
        byType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r);
      } else {
        skipped++;
      }
    }
    int added = 0;
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      for (Map.Entry<RecordType, List<StoredRecord>> e : byType.entrySet()) {
        int n = appendToSegment(e.getKey(), e.getValue());
        added += n;
        skipped += e.getValue().size() - n;
      }
    }
    return new AppendResult(added, skipped);
  }

  private int appendToSegment(RecordType type, List<StoredRecord> batch) throws IOException {
    List<StoredRecord> fresh = new ArrayList<>(batch.size());
    try {
      List<String> ids = new ArrayList<>(batch.size());
      for (StoredRecord r : batch) {
        ids.add(r.id());
      }
      java.util.Set<String> present = index.containing(ids);
      java.util.Set<String> keys = new HashSet<>();
      if (type.onePerKey()) {
        for (StoredRecord r : batch) {
          String key = IndexColumns.key(r);
          if (key != null) {
            keys.add(key);
          }
        }
        keys = index.containingKeys(type.stream(), keys);
      }
      for (StoredRecord r : batch) {
        String key = type.onePerKey() ? IndexColumns.key(r) : null;
        if (!present.contains(r.id()) && (key == null || keys.add(key))) {
          fresh.add(r);
        }
      }
    } catch (SQLException e) {
      throw new IndexException("index " + dir.index() + ": " + e.getMessage(), e);
    }
    if (fresh.isEmpty()) {
      return 0;
    }
    Path segment = segmentPath(type);
    AtomicFiles.createPrivateDirectories(segment.getParent());
    List<byte[]> lines = new ArrayList<>(fresh.size());
    long bytes = 0;
    for (StoredRecord r : fresh) {
      byte[] line = RecordCodec.toLine(r);
      lines.add(line);
      bytes += line.length + 1;
    }
    // A bulk append (a migration, a backfill) goes straight into sealed chunks: written and
    // indexed once, instead of through the open segment and again when it is sealed.
    int from = 0;
    while (bytes >= options().segmentBytes()) {
      int to = from;
      long chunkBytes = 0;
      while (to < lines.size() && chunkBytes < options().segmentBytes()) {
        chunkBytes += lines.get(to++).length + 1;
      }
      sealDirect(type, segment.getParent(), fresh.subList(from, to), lines.subList(from, to));
      bytes -= chunkBytes;
      from = to;
    }
    if (from < lines.size()) {
      appendOpen(type, segment, fresh.subList(from, fresh.size()),
          lines.subList(from, lines.size()));
    }
    return fresh.size();
  }

  private void appendOpen(RecordType type, Path segment, List<StoredRecord> fresh,
      List<byte[]> lines) throws IOException {
    Chunks.recoverTail(segment);
    List<RecordLocation> at = Chunks.append(segment, lines);
    long size = indexNewFile(type, segment, false, fresh, at);
    if (size >= options().segmentBytes()) {
      seal(type);
    }
  }

  private void sealDirect(RecordType type, Path streamDir, List<StoredRecord> records,
      List<byte[]> lines) throws IOException {
    List<Chunks.Line> chunkLines = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      chunkLines.add(new Chunks.Line(lines.get(i), records.get(i).ts()));
    }
    Chunks.Sealed sealed = Chunks.seal(streamDir, chunkLines, options());
    indexNewFile(type, sealed.file(), true, records, sealed.locations());
  }

  /**
   * Indexes records just written to {@code file} (a sealed chunk, or the tail of an open
   * segment), and the file as read to its end; returns the file's size.
   */
  private long indexNewFile(RecordType type, Path file, boolean sealed,
      List<StoredRecord> records, List<RecordLocation> at) throws IOException {
    String rel = dir.relative(file);
    long size = Files.size(file);
    long mtime = Files.getLastModifiedTime(file).toMillis();
    index.transaction(() -> {
      long fileId = index.putFile(rel, type.stream(), sealed, size, mtime, size);
      for (int i = 0; i < records.size(); i++) {
        index.put(IndexColumns.entry(records.get(i), fileId, at.get(i), sealed));
      }
      return null;
    });
    return size;
  }

  /** Seals this clone's open segment of every stream that has one, whatever its size. */
  public int sealAll() throws IOException {
    return sealAll(null);
  }

  /**
   * Seals this clone's open segments of the streams placed in {@code placement} (all streams when
   * null), whatever their size: {@code gitml sync} publishes only sealed chunks of the tracked
   * streams, and has no reason to cut the local ones short.
   */
  public int sealAll(RecordType.Placement placement) throws IOException {
    int sealed = 0;
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      for (RecordType type : RecordType.values()) {
        if (placement != null && config.placement(type) != placement) {
          continue;
        }
        if (Files.exists(segmentPath(type)) && seal(type)) {
          sealed++;
        }
      }
    }
    return sealed;
  }

  /**
   * Seals this clone's open segment of {@code type}: its live records (those the index locates
   * in it) become one compressed chunk, the index moves them there, and the segment goes.
   */
  private boolean seal(RecordType type) throws IOException {
    Path segment = segmentPath(type);
    String rel = dir.relative(segment);
    Optional<FileRow> row = fileRow(rel);
    if (row.isEmpty()) {
      return false;
    }
    List<Index.Located> live = index.recordsIn(row.get().id());
    if (live.isEmpty()) {
      deleteSegment(row.get(), segment);
      return false;
    }
    List<Chunks.Line> lines = readLive(segment, live);
    Chunks.Sealed sealed = Chunks.seal(segment.getParent(), lines, options());
    String chunkRel = dir.relative(sealed.file());
    long size = Files.size(sealed.file());
    long mtime = Files.getLastModifiedTime(sealed.file()).toMillis();
    index.transaction(() -> {
      long fileId = index.putFile(chunkRel, type.stream(), true, size, mtime, size);
      for (int i = 0; i < live.size(); i++) {
        index.relocate(live.get(i).id(), fileId, sealed.locations().get(i), true);
      }
      index.deleteFile(row.get().id());
      return null;
    });
    Files.deleteIfExists(segment);
    AtomicFiles.fsyncDirectory(segment.getParent());
    return true;
  }

  private void deleteSegment(FileRow row, Path segment) throws IOException {
    index.transaction(() -> {
      index.deleteFile(row.id());
      return null;
    });
    Files.deleteIfExists(segment);
  }

  /** The live lines of an open segment, in the order of {@code live}, read in one pass. */
  private List<Chunks.Line> readLive(Path segment, List<Index.Located> live) throws IOException {
    Map<Long, Integer> wanted = new java.util.HashMap<>(live.size() * 2);
    for (int i = 0; i < live.size(); i++) {
      wanted.put(live.get(i).location().offset(), i);
    }
    Chunks.Line[] lines = new Chunks.Line[live.size()];
    String rel = dir.relative(segment);
    Chunks.scanOpen(segment, 0, (at, buf, off, len) -> {
      Integer i = wanted.get(at.offset());
      if (i != null) {
        byte[] line = java.util.Arrays.copyOfRange(buf, off, off + len);
        try {
          lines[i] = new Chunks.Line(line, RecordCodec.parse(line).ts());
        } catch (RecordFormatException e) {
          throw new RecordFormatException(rel + ": record at offset " + at.offset() + ": "
              + e.getMessage(), e);
        }
      }
    });
    for (int i = 0; i < lines.length; i++) {
      if (lines[i] == null) {
        throw new StoreException(rel + ": the index locates a record at offset "
            + live.get(i).location().offset() + " that the segment does not hold");
      }
    }
    return List.of(lines);
  }

  /**
   * How far an outside source (an assistant transcript, by its path) has been read; 0 when
   * never, or when the index was rebuilt since (reading again stores nothing twice).
   */
  public long cursor(String source) throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      return index.cursor(source);
    }
  }

  /** Records how far {@code source} has been read, once its records are stored. */
  public void setCursor(String source, long position) throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      index.transaction(() -> {
        index.putCursor(source, position);
        return null;
      });
    }
  }

  /** Redaction markers in the stored records, by rule. */
  public Map<String, Long> redactionsByRule() throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      return index.redactionsByRule();
    }
  }

  /** Work done while the store lock is held. */
  @FunctionalInterface
  public interface LockedWork<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code work} while no process can write to this data directory, so that it sees every
   * file whole (copying them, as {@code gitml sync} does when it commits them).
   */
  public <T> T whileLocked(LockedWork<T> work) throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      return work.run();
    }
  }

  /** Receives stored records. */
  @FunctionalInterface
  public interface RecordVisitor {
    void record(StoredRecord record) throws IOException;
  }

  /** Visits every record of one type once, in stored order. */
  public void scan(RecordType type, RecordVisitor visitor) throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      new LiveScan(dir, index, problems::add).scan(type, visitor);
    }
  }

  /** Reads one record by id. */
  public Optional<StoredRecord> get(String id) throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      Optional<Index.Located> at = index.locate(id);
      if (at.isEmpty()) {
        return Optional.empty();
      }
      FileRow file = index.file(at.get().fileId()).orElseThrow(
          () -> new StoreException("index locates " + id + " in a file it does not list"));
      byte[] line = Chunks.readLine(dir.resolve(file.path()), file.path(), at.get().location());
      return Optional.of(RecordCodec.parse(line));
    }
  }

  /** Per stream: records, chunk files and bytes. */
  public record StreamStats(
      String stream, long records, long keys, int sealedChunks, int openSegments, long rawBytes,
      long storedBytes, long minTs, long maxTs) {}

  public Map<String, StreamStats> stats() throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      Map<String, Index.StreamCounts> counts = index.streamCounts();
      Map<String, StreamStats> out = new LinkedHashMap<>();
      List<FileRow> files = index.files();
      for (RecordType type : RecordType.values()) {
        String s = type.stream();
        int sealed = 0;
        int open = 0;
        long stored = 0;
        for (FileRow f : files) {
          if (f.stream().equals(s)) {
            if (f.sealed()) {
              sealed++;
            } else {
              open++;
            }
            stored += f.size();
          }
        }
        Index.StreamCounts c = counts.getOrDefault(s, new Index.StreamCounts(0, 0, 0, 0, 0));
        out.put(s, new StreamStats(s, c.records(), c.keys(), sealed, open, c.rawBytes(), stored,
            c.minTs(), c.maxTs()));
      }
      return out;
    }
  }

  /** Compacts every stream; see {@link Compactor}. */
  public Compactor.Result compact(Compactor.Drop drop) throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      Compactor.Result r = new Compactor(dir, index, options(), problems::add).compact(drop);
      sync();
      return r;
    }
  }

  /** Checks every chunk file and record; returns one line per problem (empty when sound). */
  public VerifyReport verify() throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      return new Verifier(dir).verify();
    }
  }

  /**
   * Checks every chunk file and record without opening the index, so that it works when the
   * index cannot be opened or written (a full disk, a broken index file): the chunks are the
   * data, and the index is rebuilt from them.
   */
  public static VerifyReport verify(DataDir dir) throws IOException {
    if (!dir.exists()) {
      throw new StoreException(
          "no gitml data directory at " + dir.root() + " (run `gitml init` first)");
    }
    try (StoreLock.Held held = new StoreLock(dir.lockFile()).acquire()) {
      return new Verifier(dir).verify();
    }
  }

  /**
   * Rewrites every damaged sealed chunk as a sound one of the records it salvages and keeps the
   * damaged file in {@link DataDir#quarantine}; returns one line per chunk repaired.
   */
  public List<String> repair() throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      List<String> done = new Repair(dir, options()).run();
      for (String line : done) {
        // "chunk <path>: …": the damage this session reported of that chunk is repaired
        String chunk = line.substring(0, line.indexOf(": ") + 2);
        problems.removeIf(p -> p.startsWith(chunk));
      }
      if (!done.isEmpty()) {
        sync();
      }
      return done;
    }
  }

  /**
   * Throws the index away and rebuilds it from the chunks; returns the distinct records indexed
   * (a record stored twice, as a crash between sealing and deleting a segment leaves it, counts
   * once).
   */
  public long reindex() throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      index.close();
      Index.deleteFiles(dir.index());
      index = Index.open(dir.index());
      problems.clear();
      new IndexSync(dir, index, problems::add).catchUp();
      return index.query("SELECT count(*) FROM records", rs -> rs.getLong(1)).get(0);
    }
  }

  /** The natural keys of the records of {@code type} (the hashes of the stored commits). */
  public Set<String> keys(RecordType type) throws IOException {
    return new HashSet<>(index().query("SELECT key FROM records WHERE stream = '"
        + type.stream() + "' AND key IS NOT NULL", rs -> rs.getString(1)));
  }

  /** The index, for queries (stats, export, training). Callers must not write to it. */
  public Index index() throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      return index;
    }
  }

  private void sync() throws IOException {
    new IndexSync(dir, index, problems::add).catchUp();
  }

  private Optional<FileRow> fileRow(String rel) throws IOException {
    for (FileRow f : index.files()) {
      if (f.path().equals(rel)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  Path segmentPath(RecordType type) {
    return dir.streamDir(config.placement(type), type.stream())
        .resolve("open-" + writerId + ".jsonl");
  }

  private ChunkOptions options() {
    return config.chunks().options();
  }

  @Override
  public void close() throws IOException {
    if (index != null) {
      index.close();
      index = null;
    }
  }
}
