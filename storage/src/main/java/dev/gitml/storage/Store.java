package dev.gitml.storage;

import dev.gitml.storage.chunk.ChunkOptions;
import dev.gitml.storage.chunk.Chunks;
import dev.gitml.storage.chunk.RecordLocation;
import dev.gitml.storage.config.Config;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.record.RecordCodec;
import dev.gitml.storage.record.RecordData;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.Stored;
import dev.gitml.storage.record.StoredRecord;
import dev.gitml.storage.search.SearchHit;
import dev.gitml.storage.search.SearchQuery;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The record store of one data directory: appends records to this clone's open segments (each id
 * stored once), seals full segments into compressed chunks, keeps the SQLite index in step, and
 * reads records back. Every operation holds the store lock, so a daemon and any number of CLI
 * processes can use one store at once.
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
  @SuppressWarnings("try") // the lock is held for the block, never used in it
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

  /**
   * Loads the index's SQLite driver and native library and runs one query on an in-memory database,
   * so that the first store opened does not wait for them (the command line calls it on its second
   * core at start-up).
   */
  public static void warmUp() throws IOException {
    Index.warmUp();
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
  @SuppressWarnings("try") // the lock is held for the block, never used in it
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
   * Appends records durably: each new one is written (and fsynced) to this clone's open segment of
   * its stream and indexed; one already stored (same id) is skipped. Returns once the new records
   * are on disk. A commit already stored under its hash (captured by another path, with another
   * branch) is skipped too: one record per commit ({@link RecordType#onePerKey}).
   */
  @SuppressWarnings("try") // the lock is held for the block, never used in it
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
    Map<String, Prepared> prepared = new HashMap<>(); // of the new records, by appendToSegment
    int added = 0;
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      // every stream's lines written first, then indexed in one transaction: each commit makes
      // the full-text index flush a segment, and a transcript's batch spans several streams
      List<Written> written = new ArrayList<>();
      for (Map.Entry<RecordType, List<StoredRecord>> e : byType.entrySet()) {
        int n = appendToSegment(e.getKey(), e.getValue(), prepared, written);
        added += n;
        skipped += e.getValue().size() - n;
      }
      index(written, prepared);
      for (Written w : written) {
        if (!w.sealed() && w.size() >= options().segmentBytes()) {
          seal(w.type());
        }
      }
    }
    return new AppendResult(added, skipped);
  }

  /** A record's line and index columns, which depend on the record alone. */
  private record Prepared(byte[] line, IndexColumns.Columns columns) {}

  /**
   * The lines and index columns of {@code records}, by id: for a batch, worked out in parallel, so
   * the thread that holds the lock has little more than the files and the index to do. Only new
   * records are prepared (a transcript imported again costs no lines or search pieces).
   */
  private static Map<String, Prepared> prepare(Collection<StoredRecord> records) {
    var each = records.size() >= 64 ? records.parallelStream() : records.stream();
    return each.collect(
        Collectors.toMap(
            StoredRecord::id,
            r -> new Prepared(RecordCodec.toLine(r), IndexColumns.of(r)),
            (a, b) -> a));
  }

  /** Records just written to {@code file} (a sealed chunk, or the tail of an open segment). */
  private record Written(
      RecordType type,
      Path file,
      boolean sealed,
      List<StoredRecord> records,
      List<RecordLocation> at,
      long size,
      long mtime) {}

  private Written written(
      RecordType type,
      Path file,
      boolean sealed,
      List<StoredRecord> records,
      List<RecordLocation> at)
      throws IOException {
    return new Written(
        type,
        file,
        sealed,
        records,
        at,
        Files.size(file),
        Files.getLastModifiedTime(file).toMillis());
  }

  /** Indexes records written, and their files as read to their ends, in one transaction. */
  private void index(List<Written> written, Map<String, Prepared> prepared) throws IOException {
    if (written.isEmpty()) {
      return;
    }
    index.transaction(
        () -> {
          for (Written w : written) {
            long fileId =
                index.putFile(
                    dir.relative(w.file()),
                    w.type().stream(),
                    w.sealed(),
                    w.size(),
                    w.mtime(),
                    w.size());
            for (int i = 0; i < w.records().size(); i++) {
              StoredRecord r = w.records().get(i);
              index.put(
                  IndexColumns.entry(
                      r, prepared.get(r.id()).columns(), fileId, w.at().get(i), w.sealed()));
            }
          }
          return null;
        });
  }

  private int appendToSegment(
      RecordType type,
      List<StoredRecord> batch,
      Map<String, Prepared> prepared,
      List<Written> written)
      throws IOException {
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
    prepared.putAll(prepare(fresh));
    Path segment = segmentPath(type);
    AtomicFiles.createPrivateDirectories(segment.getParent());
    List<byte[]> lines = new ArrayList<>(fresh.size());
    long bytes = 0;
    for (StoredRecord r : fresh) {
      byte[] line = prepared.get(r.id()).line();
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
      written.add(
          sealDirect(type, segment.getParent(), fresh.subList(from, to), lines.subList(from, to)));
      bytes -= chunkBytes;
      from = to;
    }
    if (from < lines.size() && bytes >= options().segmentBytes() / 4) {
      // a bulk append's tail this large is a chunk of its own (compaction joins small chunks),
      // not lines written to the open segment to be read back, sealed and indexed again
      written.add(
          sealDirect(
              type,
              segment.getParent(),
              fresh.subList(from, fresh.size()),
              lines.subList(from, lines.size())));
    } else if (from < lines.size()) {
      List<StoredRecord> tail = fresh.subList(from, fresh.size());
      Chunks.recoverTail(segment);
      List<RecordLocation> at = Chunks.append(segment, lines.subList(from, lines.size()));
      written.add(written(type, segment, false, tail, at));
    }
    return fresh.size();
  }

  private Written sealDirect(
      RecordType type, Path streamDir, List<StoredRecord> records, List<byte[]> lines)
      throws IOException {
    List<Chunks.Line> chunkLines = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      chunkLines.add(new Chunks.Line(lines.get(i), records.get(i).ts()));
    }
    Chunks.Sealed sealed = Chunks.seal(streamDir, chunkLines, options());
    return written(type, sealed.file(), true, records, sealed.locations());
  }

  /**
   * Indexes the chunk files that appeared since the index last looked (written by an import or a
   * teammate's pull), now rather than at the next read.
   */
  @SuppressWarnings("try") // the lock is held for the block, never used in it
  public void catchUp() throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      sync();
    }
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
  @SuppressWarnings("try") // the lock is held for the block, never used in it
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
   * Seals this clone's open segment of {@code type}: its live records (those the index locates in
   * it) become one compressed chunk, the index moves them there, and the segment goes.
   */
  private boolean seal(RecordType type) throws IOException {
    Path segment = segmentPath(type);
    String rel = dir.relative(segment);
    Optional<FileRow> row = fileRow(rel);
    if (row.isEmpty()) {
      return false;
    }
    List<Index.Live> live = index.liveIn(row.get().id());
    if (live.isEmpty()) {
      deleteSegment(row.get(), segment);
      return false;
    }
    List<Chunks.Line> lines = readLive(segment, live);
    Chunks.Sealed sealed = Chunks.seal(segment.getParent(), lines, options());
    String chunkRel = dir.relative(sealed.file());
    long size = Files.size(sealed.file());
    long mtime = Files.getLastModifiedTime(sealed.file()).toMillis();
    index.transaction(
        () -> {
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
    index.transaction(
        () -> {
          index.deleteFile(row.id());
          return null;
        });
    Files.deleteIfExists(segment);
  }

  /**
   * The live lines of an open segment, in the order of {@code live}, read in one pass; each line
   * must be the record the index locates there (its line starts with its id, ends its object and
   * has the indexed length: a line damaged since is not sealed into a chunk with a fresh checksum),
   * and keeps the time the index holds for it.
   */
  private List<Chunks.Line> readLive(Path segment, List<Index.Live> live) throws IOException {
    Map<Long, Integer> wanted = new java.util.HashMap<>(live.size() * 2);
    for (int i = 0; i < live.size(); i++) {
      wanted.put(live.get(i).location().offset(), i);
    }
    Chunks.Line[] lines = new Chunks.Line[live.size()];
    String rel = dir.relative(segment);
    Chunks.scanOpen(
        segment,
        0,
        (at, buf, off, len) -> {
          Integer i = wanted.get(at.offset());
          if (i != null
              && len == live.get(i).location().length()
              && buf[off + len - 1] == '}'
              && RecordCodec.startsWithId(buf, off, len, live.get(i).id())) {
            byte[] line = java.util.Arrays.copyOfRange(buf, off, off + len);
            lines[i] = new Chunks.Line(line, live.get(i).ts());
          }
        });
    for (int i = 0; i < lines.length; i++) {
      if (lines[i] == null) {
        throw new StoreException(
            rel
                + ": the index locates record "
                + live.get(i).id()
                + " at offset "
                + live.get(i).location().offset()
                + ", where the segment does not hold it");
      }
    }
    return List.of(lines);
  }

  /**
   * How far an outside source (an assistant transcript, by its path) has been read; 0 when never,
   * or when the index was rebuilt since (reading again stores nothing twice).
   */
  @SuppressWarnings("try") // the lock is held for the block, never used in it
  public long cursor(String source) throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      return index.cursor(source);
    }
  }

  /** Records how far {@code source} has been read, once its records are stored. */
  @SuppressWarnings("try") // the lock is held for the block, never used in it
  public void setCursor(String source, long position) throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      index.transaction(
          () -> {
            index.putCursor(source, position);
            return null;
          });
    }
  }

  /** Redaction markers in the stored records, by rule. */
  @SuppressWarnings("try") // the lock is held for the block, never used in it
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
   * Runs {@code work} while no process can write to this data directory, so that it sees every file
   * whole (copying them, as {@code gitml sync} does when it commits them).
   */
  @SuppressWarnings("try") // the lock is held for the block, never used in it
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
  @SuppressWarnings("try") // the lock is held for the block, never used in it
  public void scan(RecordType type, RecordVisitor visitor) throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      new LiveScan(dir, index, problems::add).scan(type, visitor);
    }
  }

  /** Receives stored records read as their type. */
  @FunctionalInterface
  public interface TypedVisitor<T extends RecordData> {
    void record(Stored<T> record) throws IOException;
  }

  /**
   * Visits every record whose payload is {@code payloadType} once, in stored order, read as that
   * type. A record whose data does not fit the type is skipped and reported among {@link
   * #problems()}, as a malformed line is.
   */
  @SuppressWarnings("try") // the lock is held for the block, never used in it
  public <T extends RecordData> void scan(Class<T> payloadType, TypedVisitor<T> visitor)
      throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      new LiveScan(dir, index, problems::add).scan(payloadType, visitor);
    }
  }

  /** Reads one record by id. */
  @SuppressWarnings("try") // the lock is held for the block, never used in it
  public Optional<StoredRecord> get(String id) throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      return Optional.ofNullable(read(id));
    }
  }

  /** The record {@code id} (null when the index does not know it), under the lock. */
  private StoredRecord read(String id) throws IOException {
    Optional<Index.Located> at = index.locate(id);
    if (at.isEmpty()) {
      return null;
    }
    FileRow file =
        index
            .file(at.get().fileId())
            .orElseThrow(
                () -> new StoreException("index locates " + id + " in a file it does not list"));
    byte[] line = Chunks.readLine(dir.resolve(file.path()), file.path(), at.get().location());
    return RecordCodec.parse(line);
  }

  /** The records {@code ids} (those still stored) read as {@code payloadType}, under the lock. */
  private <T extends RecordData> List<Stored<T>> readAll(List<String> ids, Class<T> payloadType)
      throws IOException {
    List<Stored<T>> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      StoredRecord r = read(id);
      if (r != null) {
        try {
          out.add(new Stored<>(r.id(), r.ts(), r.as(payloadType)));
        } catch (IllegalArgumentException misfit) {
          problems.add(r.type().stream() + ": record " + id + ": " + misfit.getMessage());
        }
      }
    }
    return out;
  }

  /**
   * The records of {@code payloadType} recorded between two times (epoch ms, inclusive), oldest
   * first, read as that type (one that does not fit is reported among {@link #problems()}).
   */
  @SuppressWarnings("try") // the lock is held for the block, never used in it
  public <T extends RecordData> List<Stored<T>> between(
      Class<T> payloadType, long fromMillis, long toMillis) throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      return readAll(
          index.idsBetween(RecordType.of(payloadType).stream(), fromMillis, toMillis), payloadType);
    }
  }

  /** The {@code limit} newest records of {@code payloadType}, newest first, read as it. */
  @SuppressWarnings("try") // the lock is held for the block, never used in it
  public <T extends RecordData> List<Stored<T>> newest(Class<T> payloadType, int limit)
      throws IOException {
    if (limit < 1) {
      throw new IllegalArgumentException("newest " + limit + " records: at least 1");
    }
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      return readAll(index.newestIds(RecordType.of(payloadType).stream(), limit), payloadType);
    }
  }

  /**
   * The records of {@code payloadType} that belong to one assistant session (chats, tool uses, the
   * session itself), oldest first, read as that type.
   */
  @SuppressWarnings("try") // the lock is held for the block, never used in it
  public <T extends RecordData> List<Stored<T>> ofSession(Class<T> payloadType, String sessionId)
      throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      return readAll(
          index.idsOfSession(RecordType.of(payloadType).stream(), sessionId), payloadType);
    }
  }

  /** Per stream: records, chunk files and bytes. */
  public record StreamStats(
      String stream,
      long records,
      long keys,
      int sealedChunks,
      int openSegments,
      long rawBytes,
      long storedBytes,
      long minTs,
      long maxTs) {}

  @SuppressWarnings("try") // the lock is held for the block, never used in it
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
        out.put(
            s,
            new StreamStats(
                s,
                c.records(),
                c.keys(),
                sealed,
                open,
                c.rawBytes(),
                stored,
                c.minTs(),
                c.maxTs()));
      }
      return out;
    }
  }

  /** Compacts every stream; see {@link Compactor}. */
  @SuppressWarnings("try") // the lock is held for the block, never used in it
  public Compactor.Result compact(Compactor.Drop drop) throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      Compactor.Result r = new Compactor(dir, index, options(), problems::add).compact(drop);
      sync();
      // the search pieces of records dropped here, and of any whose removal a process killed
      // before its search thread got to
      index.pruneSearch();
      return r;
    }
  }

  /** Checks every chunk file and record; returns one line per problem (empty when sound). */
  @SuppressWarnings("try") // the lock is held for the block, never used in it
  public VerifyReport verify() throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      return new Verifier(dir).verify();
    }
  }

  /**
   * Checks every chunk file and record without opening the index, so that it works when the index
   * cannot be opened or written (a full disk, a broken index file): the chunks are the data, and
   * the index is rebuilt from them.
   */
  @SuppressWarnings("try") // the lock is held for the block, never used in it
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
  @SuppressWarnings("try") // the lock is held for the block, never used in it
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
   * Throws the index away and rebuilds it from the chunks; returns the distinct records indexed (a
   * record stored twice, as a crash between sealing and deleting a segment leaves it, counts once).
   */
  @SuppressWarnings("try") // the lock is held for the block, never used in it
  public long reindex() throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      index.close();
      Index.deleteFiles(dir.index());
      index = Index.open(dir.index());
      problems.clear();
      new IndexSync(dir, index, problems::add).catchUp();
      return index.count();
    }
  }

  /** Reads the index under the lock, once it has caught up with the chunks. */
  @FunctionalInterface
  private interface IndexRead<T> {
    T run() throws IOException;
  }

  @SuppressWarnings("try") // the lock is held for the block, never used in it
  private <T> T indexed(IndexRead<T> read) throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      return read.run();
    }
  }

  /**
   * Full-text search over prompts and answers, commit messages, diff hunks, sessions and tool uses:
   * the best hits first (see {@link SearchQuery} for how words match). The search index is kept
   * with the rest of the index, as records are stored or found in chunks; it is rebuilt with it.
   */
  public List<SearchHit> search(SearchQuery query) throws IOException {
    return indexed(() -> index.search(query, this::searchText));
  }

  /**
   * A searchable piece's text, from its record (the index keeps only its words), under the lock.
   */
  private SearchDoc searchText(String recordId, int part) {
    StoredRecord r;
    try {
      r = read(recordId);
    } catch (IOException | RuntimeException e) {
      // a damaged chunk costs this hit its snippet, not the search; verify and repair say more
      problems.add("search: record " + recordId + ": " + ErrorText.of(e));
      return noText(part);
    }
    if (r == null) {
      return null;
    }
    for (SearchDoc doc : SearchDocs.of(r)) {
      if (doc.part() == part) {
        return doc;
      }
    }
    return noText(part);
  }

  private static SearchDoc noText(int part) {
    return new SearchDoc(part, null, "", null, null, null, "", "");
  }

  /**
   * The records named {@code name}: a record id (64 hex digits), or a natural key (a commit hash, 7
   * or more of its first digits, a chat, session or tool use id); every version of a thing stored
   * more than once (a chat that grew, a commit and its full record), oldest first.
   */
  @SuppressWarnings("try") // the lock is held for the block, never used in it
  public List<StoredRecord> find(String name) throws IOException {
    try (StoreLock.Held held = lock.acquire()) {
      sync();
      List<StoredRecord> out = new ArrayList<>();
      if (name.length() == 64 && name.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        StoredRecord r = read(name.toLowerCase(java.util.Locale.ROOT));
        if (r != null) {
          out.add(r);
        }
      }
      for (RecordType type : RecordType.values()) {
        for (String id : index.idsByKey(type.stream(), name)) {
          StoredRecord r = read(id);
          if (r != null && !out.contains(r)) {
            out.add(r);
          }
        }
      }
      return out;
    }
  }

  /**
   * The natural keys of the records of {@code type} (see {@link IndexColumns#key}: commit hash,
   * chat or action id, session id, …), each once.
   */
  public Set<String> keys(RecordType type) throws IOException {
    return indexed(() -> index.keys(type.stream()));
  }

  /** Whether a record of {@code type} has the natural key {@code key}. */
  public boolean containsKey(RecordType type, String key) throws IOException {
    return indexed(() -> index.hasKey(type.stream(), key));
  }

  /**
   * The natural keys that more than one record of {@code type} carries (a commit captured on two
   * branches, a chat stored again when it grew).
   */
  public Set<String> repeatedKeys(RecordType type) throws IOException {
    return indexed(() -> index.repeatedKeys(type.stream()));
  }

  /**
   * The natural keys that a later record replaces: the commits an amend or a rebase made obsolete
   * ({@code supersedes} links).
   */
  public Set<String> replacedKeys() throws IOException {
    return indexed(index::replacedKeys);
  }

  /**
   * When each natural key of {@code type} was first recorded (epoch ms), for the keys first
   * recorded between {@code fromMillis} and {@code toMillis} (inclusive); in no order.
   */
  public List<Long> firstRecorded(RecordType type, long fromMillis, long toMillis)
      throws IOException {
    return indexed(() -> index.firstTimes(type.stream(), fromMillis, toMillis));
  }

  /**
   * The time below which a {@code share} (0 to 1) of the records of {@code type} were recorded: the
   * time of the record at rank {@code floor(n * share)} in time order (the newest at most); empty
   * when there are none.
   */
  public OptionalLong timeAtShare(RecordType type, double share) throws IOException {
    return timeAtShare(type, share, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /**
   * As {@link #timeAtShare(RecordType, double)}, over only the records recorded between {@code
   * fromMillis} and {@code toMillis} (inclusive): an export's time window is split inside itself.
   */
  public OptionalLong timeAtShare(RecordType type, double share, long fromMillis, long toMillis)
      throws IOException {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("share " + share + ": between 0 and 1");
    }
    return indexed(
        () -> {
          long n = index.count(type.stream(), fromMillis, toMillis);
          if (n == 0) {
            return OptionalLong.empty();
          }
          long rank = Math.min(n - 1, (long) (n * share));
          return index
              .timeAtRank(type.stream(), fromMillis, toMillis, rank)
              .map(OptionalLong::of)
              .orElse(OptionalLong.empty());
        });
  }

  /** What a retention rule drops of one type: records, and their bytes as JSONL. */
  public record Expired(long records, long rawBytes) {}

  /** What {@code rule} drops, by type (the types it drops nothing of left out). */
  public Map<RecordType, Expired> expired(Retention rule) throws IOException {
    return indexed(
        () -> {
          Map<RecordType, long[]> sums = new EnumMap<>(RecordType.class);
          index.eachTime(
              (stream, ts, length) -> {
                RecordType type = RecordType.fromStream(stream);
                if (rule.drops(type, ts)) {
                  long[] sum = sums.computeIfAbsent(type, t -> new long[2]);
                  sum[0]++;
                  sum[1] += length + 1;
                }
              });
          Map<RecordType, Expired> out = new EnumMap<>(RecordType.class);
          sums.forEach((type, sum) -> out.put(type, new Expired(sum[0], sum[1])));
          return out;
        });
  }

  /**
   * Drops what {@code rule} drops: seals every open segment of this clone, then rewrites the chunks
   * that hold such records without them ({@link Compactor}). Other clones' open segments are theirs
   * to clean.
   */
  public Compactor.Result dropExpired(Retention rule) throws IOException {
    sealAll();
    return compact(r -> rule.drops(r.type(), r.ts()));
  }

  private void sync() throws IOException {
    new IndexSync(dir, index, problems::add).catchUp();
    catchUpSearch();
  }

  /** How long closing waits for the store lock to forget the search_todo rows done. */
  private static final long CLOSE_LOCK_MILLIS = 500;

  /**
   * How long a batch's search pieces may wait for the search thread of the process that stored it
   * before another adds them from the chunks: that thread adds a batch in well under a second.
   */
  private static final long SEARCH_BACKLOG_MILLIS = 60_000;

  /**
   * Adds the search pieces of records that a process stored and stopped before its search thread
   * added them (a kill in between); notes what the search thread could not add.
   */
  private void catchUpSearch() throws IOException {
    problems.addAll(index.takeSearchFailures());
    for (Index.SearchBacklog b : index.searchBacklog(SEARCH_BACKLOG_MILLIS)) {
      List<IndexEntry> entries = new ArrayList<>(b.ids().size());
      for (String id : b.ids()) {
        try {
          StoredRecord r = read(id);
          if (r != null) {
            entries.add(IndexColumns.searchEntry(r));
          }
        } catch (IOException | RuntimeException e) {
          // a damaged chunk costs the record its search pieces; verify and repair say more
          problems.add("search: record " + id + ": " + ErrorText.of(e));
        }
      }
      index.addSearch(b.todo(), entries);
    }
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
  @SuppressWarnings("try") // the lock is held for the block, never used in it
  public void close() throws IOException {
    if (index == null) {
      return;
    }
    Index closing = index;
    index = null;
    if (!closing.finishSearch()) {
      closing.close(); // nothing to write
      return;
    }
    // forgetting the search_todo rows done is a write, under the lock; a process that holds it
    // long (an import) is not waited for: the rows only make a later store add those pieces again
    java.util.Optional<StoreLock.Held> held;
    try {
      held = lock.tryAcquire(CLOSE_LOCK_MILLIS);
    } catch (IOException | RuntimeException e) {
      held = java.util.Optional.empty();
    }
    if (held.isEmpty()) {
      closing.close(false);
      return;
    }
    try (StoreLock.Held h = held.get()) {
      closing.close(true);
    }
  }
}
