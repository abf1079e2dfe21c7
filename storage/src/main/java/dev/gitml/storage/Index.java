package dev.gitml.storage;

import dev.gitml.storage.chunk.RecordLocation;
import dev.gitml.storage.search.SearchHit;
import dev.gitml.storage.search.SearchQuery;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SQLite index ({@code index.sqlite}, WAL): which records exist, where each one is, and the
 * columns reports and training query. It is derived data: when it is missing, corrupt or of another
 * schema version it is recreated empty and the store re-reads the chunks into it.
 *
 * <p>A record found in two places (a replay after a crash, a teammate's copy) is indexed once; a
 * copy in a sealed chunk is preferred to one in an open segment, so sealing never rewrites a record
 * already sealed elsewhere.
 */
final class Index implements Closeable {
  static final int SCHEMA_VERSION = 10;

  private static final String[] SCHEMA = {
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS files(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE,"
        + " stream TEXT NOT NULL, sealed INTEGER NOT NULL, size INTEGER NOT NULL,"
        + " mtime INTEGER NOT NULL, indexed_to INTEGER NOT NULL)",
    // rows in the order indexed, found by id through a unique index: a table keyed by the random
    // ids themselves put each new row at a random place, and its indexes carried 32-byte keys
    // (schema 8: a third of the cost of indexing a transcript's many small records)
    "CREATE TABLE IF NOT EXISTS records(id BLOB NOT NULL UNIQUE, stream TEXT NOT NULL,"
        + " type TEXT NOT NULL, ts INTEGER NOT NULL, file_id INTEGER NOT NULL,"
        + " block INTEGER NOT NULL, off INTEGER NOT NULL, len INTEGER NOT NULL,"
        + " sealed INTEGER NOT NULL, key TEXT, session_id TEXT, replaces TEXT,"
        + " redactions TEXT)",
    // covers the stats query (count, raw bytes, time range) and time-ordered reads
    "CREATE INDEX IF NOT EXISTS records_stream_ts ON records(stream, ts, len)",
    "CREATE INDEX IF NOT EXISTS records_file ON records(file_id, block, off)",
    // distinct commits and sessions without a sort; lookups by commit hash or session id
    "CREATE INDEX IF NOT EXISTS records_key ON records(stream, key)",
    // the natural keys that a later record replaces (an amended or rebased commit)
    "CREATE INDEX IF NOT EXISTS records_replaces ON records(replaces) WHERE replaces IS NOT NULL",
    // what could not be read when a file was indexed, until the file changes or goes
    "CREATE TABLE IF NOT EXISTS problems(file_id INTEGER NOT NULL, message TEXT NOT NULL)",
    // how far an outside source (an assistant's transcript) has been read: lost with the index,
    // which only means reading it again (its records are content-hashed)
    "CREATE TABLE IF NOT EXISTS cursors(name TEXT PRIMARY KEY, position INTEGER NOT NULL)",
    // records whose search pieces were handed to the search thread and are not known to be added
    // (SearchIndexer): the rowids a transaction's records took, from first to last
    // ids never given twice: a store deletes the rows its search thread did by id
    "CREATE TABLE IF NOT EXISTS search_todo(id INTEGER PRIMARY KEY AUTOINCREMENT,"
        + " first INTEGER NOT NULL,"
        + " last INTEGER NOT NULL, created INTEGER NOT NULL)",
  };

  /** Tables a schema change drops: this version's and earlier ones' (the search's, up to 9). */
  private static final List<String> TABLES =
      List.of(
          "files",
          "records",
          "commit_files",
          "problems",
          "cursors",
          "search_todo",
          "search_fts",
          "search_docs");

  /**
   * Rows per multi-row INSERT: one JDBC call per batch instead of one per record (256 inserted
   * 12,000 index rows in 112–123 ms where 64 took 146–156, in one run).
   */
  private static final int ROWS = 256;

  private static final String UPSERT_COLUMNS =
      "INSERT INTO records(id, stream, type, ts, file_id, block, off, len, sealed, key,"
          + " session_id, replaces, redactions) VALUES ";

  /** A sealed copy replaces an open one; otherwise the first copy stays where it is. */
  private static final String KEEP_FIRST =
      " ON CONFLICT(id) DO UPDATE SET file_id = excluded.file_id, block = excluded.block,"
          + " off = excluded.off, len = excluded.len, sealed = 1"
          + " WHERE records.sealed = 0 AND excluded.sealed = 1";

  private final Path file;
  private final Connection db;
  private final boolean reset;
  private final PreparedStatement contains;
  private final SearchIndexer search;
  private final List<IndexEntry> pendingPuts = new ArrayList<>();
  private final List<IndexEntry> pendingMoves = new ArrayList<>();

  /**
   * This transaction's changes to the search index, in order (records to add, ids to remove):
   * handed to the search thread once it commits. The records added took rowids from {@code
   * firstRowid} on.
   */
  private final List<SearchChange> searchChanges = new ArrayList<>();

  private long firstRowid = Long.MAX_VALUE;

  /** The {@code search_todo} rows this index handed over, until they are known to be done. */
  private final Set<Long> handedOver = new HashSet<>();

  private record SearchChange(List<IndexEntry> add, List<String> remove) {}

  private final java.util.Map<String, PreparedStatement> statements = new java.util.HashMap<>();
  private final java.util.Map<Integer, PreparedStatement> upserts = new java.util.HashMap<>();
  private boolean inTransaction;

  private Index(Path file, Connection db, boolean reset, SearchIndexer search) throws SQLException {
    this.file = file;
    this.db = db;
    this.reset = reset;
    this.contains = db.prepareStatement("SELECT 1 FROM records WHERE id = ?");
    this.search = search;
  }

  /**
   * Opens (or creates) the index and its search index. A file SQLite cannot read, or of another
   * schema version, is replaced by an empty index: {@link #wasReset()} then tells the caller to
   * re-read the chunks. So is an index whose search index had to be made again: re-reading the
   * chunks adds every record's pieces faster than reading the records one by one.
   */
  static Index open(Path file) throws IOException {
    try {
      return connect(file, false);
    } catch (SQLException e) {
      // the index alone: its search index is of its own, and its pieces serve the records again
      deleteIndexFiles(file);
      try {
        return connect(file, true);
      } catch (SQLException again) {
        throw new IndexException(
            "index " + file + ": cannot be created: " + again.getMessage(), again);
      }
    }
  }

  private static Index connect(Path file, boolean reset) throws SQLException, IOException {
    Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try {
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA busy_timeout = 30000");
        s.execute("PRAGMA journal_mode = WAL");
        // NORMAL in WAL mode survives a process crash; a power cut may lose the last
        // transactions, which the store re-reads from the chunks on its next open.
        s.execute("PRAGMA synchronous = NORMAL");
        // Random 256-bit ids land all over the B-trees: keep them in memory while indexing.
        s.execute("PRAGMA cache_size = -65536");
        s.execute("PRAGMA temp_store = MEMORY");
      }
      boolean wasReset = ensureSchema(db) || reset;
      SearchIndexer search = SearchIndexer.open(SearchIndexer.fileBeside(file), file);
      try {
        if (search.fresh()) {
          if (!wasReset && hasRecords(db)) {
            // its records' pieces are added by reading the chunks again, in place (another
            // process may have the file open), faster than reading the records one by one
            try (Statement s = db.createStatement()) {
              s.execute("BEGIN IMMEDIATE");
              dropTables(db);
              ensureSchema(db);
              s.execute("COMMIT");
            }
            wasReset = true;
          }
          // only now: a process stopped before this finds the search index fresh again
          search.markCurrent();
        }
        db.setAutoCommit(false);
        return new Index(file, db, wasReset, search);
      } catch (SQLException | RuntimeException e) {
        search.close();
        throw e;
      }
    } catch (SQLException | IOException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Loads the driver and its native library, and runs one query in memory. */
  static void warmUp() throws IOException {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite::memory:");
        Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
      rs.next();
    } catch (SQLException e) {
      throw new IndexException("SQLite in memory: " + e.getMessage(), e);
    }
  }

  /** Creates the schema; returns true when an index of another version was dropped. */
  private static boolean ensureSchema(Connection db) throws SQLException {
    boolean dropped = false;
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      String version = null;
      try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
        if (rs.next()) {
          version = rs.getString(1);
        }
      }
      if (version != null && !version.equals(Integer.toString(SCHEMA_VERSION))) {
        dropTables(db);
        dropped = true;
      }
      for (String ddl : SCHEMA) {
        s.execute(ddl);
      }
      s.execute(
          "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', '" + SCHEMA_VERSION + "')");
    }
    return dropped;
  }

  private static void dropTables(Connection db) throws SQLException {
    try (Statement s = db.createStatement()) {
      for (String table : TABLES) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  private static boolean hasRecords(Connection db) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM records)")) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /** True when this open found no usable index and started an empty one. */
  boolean wasReset() {
    return reset;
  }

  Path file() {
    return file;
  }

  /** Runs {@code work} in one transaction, committed at the end or rolled back on failure. */
  <T> T transaction(SqlWork<T> work) throws IOException {
    if (inTransaction) {
      throw new IllegalStateException("transactions do not nest");
    }
    inTransaction = true;
    try {
      db.commit(); // ends a read begun before: this transaction reads what is there now
      forgetSearchDone();
      T result = work.run();
      flush();
      long todo = searchTodo();
      db.commit();
      handOver(todo);
      return result;
    } catch (SQLException | IOException | RuntimeException e) {
      pendingPuts.clear();
      pendingMoves.clear();
      try {
        db.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      if (e instanceof SQLException sql) {
        throw new IndexException("index " + file + ": " + sql.getMessage(), sql);
      }
      if (e instanceof IOException io) {
        throw io;
      }
      throw (RuntimeException) e;
    } finally {
      inTransaction = false;
      searchChanges.clear();
      firstRowid = Long.MAX_VALUE;
    }
  }

  /**
   * Leaves the rowids this transaction's records took in {@code search_todo}, when it added records
   * with search pieces; returns the row's id, or -1.
   */
  private long searchTodo() throws SQLException {
    if (searchChanges.stream().allMatch(c -> c.add() == null)) {
      return -1;
    }
    PreparedStatement ps =
        statement(
            "INSERT INTO search_todo(first, last, created)"
                + " SELECT ?, coalesce(max(rowid), 0), ? FROM records");
    ps.setLong(1, firstRowid);
    ps.setLong(2, System.currentTimeMillis());
    ps.executeUpdate();
    try (ResultSet rs = statement("SELECT last_insert_rowid()").executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Hands this committed transaction's search changes to the search thread, in order. */
  private void handOver(long todo) {
    int lastAdd = -1;
    for (int i = 0; i < searchChanges.size(); i++) {
      if (searchChanges.get(i).add() != null) {
        lastAdd = i;
      }
    }
    for (int i = 0; i < searchChanges.size(); i++) {
      SearchChange c = searchChanges.get(i);
      if (c.add() != null) {
        // the todo row is done once every batch of pieces of the transaction is added
        search.add(todo, i == lastAdd, c.add());
      } else {
        search.remove(c.remove());
      }
    }
    if (todo >= 0) {
      handedOver.add(todo);
    }
  }

  /** Deletes the {@code search_todo} rows the search thread has done (inside a transaction). */
  private void forgetSearchDone() throws SQLException {
    // a row whose batch failed is left to a later open, or to this one's a minute from now
    List<Long> failed = search.takeFailed();
    if (!failed.isEmpty()) {
      PreparedStatement later = statement("UPDATE search_todo SET created = ? WHERE id = ?");
      for (long id : failed) {
        later.setLong(1, System.currentTimeMillis());
        later.setLong(2, id);
        later.addBatch();
        handedOver.remove(id);
      }
      later.executeBatch();
    }
    List<Long> done = search.takeDone();
    if (done.isEmpty()) {
      return;
    }
    PreparedStatement ps = statement("DELETE FROM search_todo WHERE id = ?");
    for (long id : done) {
      ps.setLong(1, id);
      ps.addBatch();
      handedOver.remove(id);
    }
    ps.executeBatch();
  }

  /** Records indexed without their search pieces, in one row of {@code search_todo}. */
  record SearchBacklog(long todo, List<String> ids) {}

  /**
   * The rows of {@code search_todo} left more than {@code ageMillis} ago by another process, or by
   * this one before it opened: a process that stopped before its search thread added a batch's
   * pieces leaves its row (one still running adds its own within a second or two).
   */
  List<SearchBacklog> searchBacklog(long ageMillis) throws IOException {
    List<long[]> todos =
        query(
            "SELECT id, first, last FROM search_todo WHERE created <= ? ORDER BY id",
            rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)},
            System.currentTimeMillis() - ageMillis);
    List<SearchBacklog> out = new ArrayList<>();
    for (long[] t : todos) {
      if (!handedOver.contains(t[0])) {
        out.add(
            new SearchBacklog(
                t[0],
                query(
                    "SELECT id FROM records WHERE rowid BETWEEN ? AND ?",
                    rs -> hex(rs.getBytes(1)),
                    t[1],
                    t[2])));
      }
    }
    return out;
  }

  /** Hands the pieces of one backlog row's records to the search thread. */
  void addSearch(long todo, List<IndexEntry> entries) {
    search.add(todo, true, entries);
    handedOver.add(todo);
  }

  /** Has the search thread remove every piece whose record is no longer indexed. */
  void pruneSearch() {
    search.prune();
  }

  /** What the search thread could not add or remove since the last call. */
  List<String> takeSearchFailures() {
    return search.takeFailures();
  }

  /** Work inside a transaction. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run() throws SQLException, IOException;
  }

  // ---- files ----

  /** A row of {@code SELECT id, path, stream, sealed, size, mtime, indexed_to FROM files}. */
  private static FileRow fileRow(ResultSet rs) throws SQLException {
    return new FileRow(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getInt(4) == 1,
        rs.getLong(5),
        rs.getLong(6),
        rs.getLong(7));
  }

  List<FileRow> files() throws IOException {
    return query(
        "SELECT id, path, stream, sealed, size, mtime, indexed_to FROM files ORDER BY id",
        Index::fileRow);
  }

  Optional<FileRow> file(long id) throws IOException {
    List<FileRow> rows =
        query(
            "SELECT id, path, stream, sealed, size, mtime, indexed_to FROM files WHERE id = ?",
            Index::fileRow,
            id);
    return rows.stream().findFirst();
  }

  /** Adds or updates a file row (inside a transaction); returns its id. */
  long putFile(String path, String stream, boolean sealed, long size, long mtime, long indexedTo)
      throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO files(path, stream, sealed, size, mtime, indexed_to) VALUES (?,?,?,?,?,?)"
                + " ON CONFLICT(path) DO UPDATE SET sealed = excluded.sealed,"
                + " size = excluded.size, mtime = excluded.mtime,"
                + " indexed_to = excluded.indexed_to RETURNING id")) {
      ps.setString(1, path);
      ps.setString(2, stream);
      ps.setInt(3, sealed ? 1 : 0);
      ps.setLong(4, size);
      ps.setLong(5, mtime);
      ps.setLong(6, indexedTo);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Forgets a file and every record located in it (inside a transaction). */
  void deleteFile(long fileId) throws SQLException {
    flush();
    removeSearch("SELECT id FROM records WHERE file_id = ?", fileId);
    for (String sql :
        List.of(
            "DELETE FROM problems WHERE file_id = ?",
            "DELETE FROM records WHERE file_id = ?",
            "DELETE FROM files WHERE id = ?")) {
      PreparedStatement ps = statement(sql);
      ps.setLong(1, fileId);
      ps.executeUpdate();
    }
  }

  /** Forgets a stream's files and records (inside a transaction), before re-reading it. */
  void deleteStream(String stream) throws SQLException {
    flush();
    removeSearch("SELECT id FROM records WHERE stream = ?", stream);
    for (String sql :
        List.of(
            "DELETE FROM problems WHERE file_id IN (SELECT id FROM files WHERE stream = ?)",
            "DELETE FROM records WHERE stream = ?",
            "DELETE FROM files WHERE stream = ?")) {
      try (PreparedStatement ps = db.prepareStatement(sql)) {
        ps.setString(1, stream);
        ps.executeUpdate();
      }
    }
  }

  /** Records what could not be read in a file (inside a transaction). */
  void putProblem(long fileId, String message) throws SQLException {
    PreparedStatement ps = statement("INSERT INTO problems(file_id, message) VALUES (?, ?)");
    ps.setLong(1, fileId);
    ps.setString(2, message);
    ps.executeUpdate();
  }

  // ---- cursors ----

  /** How far the source {@code name} has been read (0 when never). */
  long cursor(String name) throws IOException {
    try (PreparedStatement ps =
        db.prepareStatement("SELECT position FROM cursors WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new IndexException("index " + file + ": " + e.getMessage(), e);
    } finally {
      endRead();
    }
  }

  /** Records how far {@code name} has been read (inside a transaction). */
  void putCursor(String name, long position) throws SQLException {
    PreparedStatement ps =
        statement(
            "INSERT INTO cursors(name, position) VALUES (?, ?)"
                + " ON CONFLICT(name) DO UPDATE SET position = excluded.position");
    ps.setString(1, name);
    ps.setLong(2, position);
    ps.executeUpdate();
  }

  /** What could not be read when the files now indexed were read. */
  List<String> problems() throws IOException {
    return query("SELECT message FROM problems ORDER BY rowid", rs -> rs.getString(1));
  }

  // ---- records ----

  boolean contains(String id) throws SQLException {
    flush();
    contains.setBytes(1, bytes(id));
    try (ResultSet rs = contains.executeQuery()) {
      return rs.next();
    }
  }

  /** Which of {@code ids} are indexed. */
  java.util.Set<String> containing(Collection<String> ids) throws SQLException {
    flush();
    java.util.Set<String> found = new java.util.HashSet<>();
    List<String> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += ROWS) {
      List<String> part = all.subList(from, Math.min(all.size(), from + ROWS));
      PreparedStatement ps =
          statement("SELECT id FROM records WHERE id IN (" + "?,".repeat(part.size() - 1) + "?)");
      for (int i = 0; i < part.size(); i++) {
        ps.setBytes(i + 1, bytes(part.get(i)));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(hex(rs.getBytes(1)));
        }
      }
    }
    return found;
  }

  /** Which of {@code keys} a record of {@code stream} already has. */
  java.util.Set<String> containingKeys(String stream, Collection<String> keys) throws SQLException {
    flush();
    java.util.Set<String> found = new java.util.HashSet<>();
    List<String> all = new ArrayList<>(keys);
    for (int from = 0; from < all.size(); from += ROWS) {
      List<String> part = all.subList(from, Math.min(all.size(), from + ROWS));
      PreparedStatement ps =
          statement(
              "SELECT key FROM records WHERE stream = ? AND key IN ("
                  + "?,".repeat(part.size() - 1)
                  + "?)");
      ps.setString(1, stream);
      for (int i = 0; i < part.size(); i++) {
        ps.setString(i + 2, part.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
    }
    return found;
  }

  /**
   * Indexes a record (inside a transaction). If its id is indexed already it stays where it was,
   * unless this copy is sealed and that one is not.
   */
  void put(IndexEntry e) throws SQLException {
    pendingPuts.add(e);
    if (pendingPuts.size() >= ROWS) {
      flushPuts();
    }
  }

  /** Moves a record to a new location (inside a transaction). */
  void relocate(String id, long fileId, RecordLocation at, boolean sealed) throws SQLException {
    flushPuts();
    pendingMoves.add(
        new IndexEntry(id, "", "", 0, fileId, at, sealed, null, null, null, null, List.of()));
    if (pendingMoves.size() >= ROWS) {
      flushMoves();
    }
  }

  private void flush() throws SQLException {
    flushPuts();
    flushMoves();
  }

  private void flushPuts() throws SQLException {
    if (pendingPuts.isEmpty()) {
      return;
    }
    // the rowids this put's new rows take start above the largest (search_todo keeps the range)
    try (ResultSet rs =
        statement("SELECT coalesce(max(rowid), 0) + 1 FROM records").executeQuery()) {
      rs.next();
      firstRowid = Math.min(firstRowid, rs.getLong(1));
    }
    PreparedStatement ps = upsert(pendingPuts.size());
    int k = 1;
    for (IndexEntry e : pendingPuts) {
      ps.setBytes(k++, bytes(e.id()));
      ps.setString(k++, e.stream());
      ps.setString(k++, e.type());
      ps.setLong(k++, e.ts());
      ps.setLong(k++, e.fileId());
      ps.setInt(k++, e.location().block());
      ps.setLong(k++, e.location().offset());
      ps.setInt(k++, e.location().length());
      ps.setInt(k++, e.sealed() ? 1 : 0);
      ps.setString(k++, e.key());
      ps.setString(k++, e.sessionId());
      ps.setString(k++, e.replaces());
      ps.setString(k++, e.redactions());
    }
    ps.executeUpdate();
    // their search pieces are added by the search thread once the transaction commits; a record
    // indexed already adds nothing there
    List<IndexEntry> add = lastSearchAdd();
    for (IndexEntry e : pendingPuts) {
      if (!e.docs().isEmpty()) {
        add.add(e);
      }
    }
    pendingPuts.clear();
  }

  /** The records to add of this transaction's last search change, made one when it is not. */
  private List<IndexEntry> lastSearchAdd() {
    if (searchChanges.isEmpty() || searchChanges.get(searchChanges.size() - 1).add() == null) {
      searchChanges.add(new SearchChange(new ArrayList<>(), null));
    }
    return searchChanges.get(searchChanges.size() - 1).add();
  }

  /** Removes the search pieces of records about to be removed (inside a transaction). */
  private void removeSearch(String sql, Object param) throws SQLException {
    PreparedStatement ps = statement(sql);
    ps.setObject(1, param);
    List<String> ids = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(hex(rs.getBytes(1)));
      }
    }
    removeSearch(ids);
  }

  /**
   * Hands over the removal of {@code ids}' search pieces with the transaction, one removal for a
   * run of them (a compaction removes records one by one).
   */
  private void removeSearch(List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    if (searchChanges.isEmpty() || searchChanges.get(searchChanges.size() - 1).remove() == null) {
      searchChanges.add(new SearchChange(null, new ArrayList<>()));
    }
    searchChanges.get(searchChanges.size() - 1).remove().addAll(ids);
  }

  /** The multi-row upsert of {@code rows} records, prepared once per row count. */
  private PreparedStatement upsert(int rows) throws SQLException {
    PreparedStatement ps = upserts.get(rows);
    if (ps == null) {
      ps =
          db.prepareStatement(
              UPSERT_COLUMNS
                  + "(?,?,?,?,?,?,?,?,?,?,?,?,?),".repeat(rows - 1)
                  + "(?,?,?,?,?,?,?,?,?,?,?,?,?)"
                  + KEEP_FIRST);
      upserts.put(rows, ps);
    }
    return ps;
  }

  private void flushMoves() throws SQLException {
    if (pendingMoves.isEmpty()) {
      return;
    }
    PreparedStatement ps =
        statement(
            "UPDATE records SET file_id = ?, block = ?, off = ?, len = ?, sealed = ? WHERE id = ?");
    for (IndexEntry e : pendingMoves) {
      ps.setLong(1, e.fileId());
      ps.setInt(2, e.location().block());
      ps.setLong(3, e.location().offset());
      ps.setInt(4, e.location().length());
      ps.setInt(5, e.sealed() ? 1 : 0);
      ps.setBytes(6, bytes(e.id()));
      ps.addBatch();
    }
    ps.executeBatch();
    pendingMoves.clear();
  }

  private PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = db.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  static byte[] bytes(String hexId) {
    return java.util.HexFormat.of().parseHex(hexId);
  }

  static String hex(byte[] id) {
    return java.util.HexFormat.of().formatHex(id);
  }

  /** Removes a record (inside a transaction). */
  void deleteRecord(String id) throws SQLException {
    flush();
    removeSearch(List.of(id));
    PreparedStatement ps = statement("DELETE FROM records WHERE id = ?");
    ps.setBytes(1, bytes(id));
    ps.executeUpdate();
  }

  /** Where a record is: its file and location. */
  record Located(String id, long fileId, RecordLocation location) {}

  Optional<Located> locate(String id) throws IOException {
    try (PreparedStatement ps =
        db.prepareStatement("SELECT file_id, block, off, len FROM records WHERE id = ?")) {
      ps.setBytes(1, bytes(id));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Located(
                id, rs.getLong(1), new RecordLocation(rs.getInt(2), rs.getLong(3), rs.getInt(4))));
      }
    } catch (SQLException e) {
      throw new IndexException("index " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Where a file's indexed records are, each as {@link #locationKey}: read from the {@code
   * records_file} index alone, with no row of the table and no id (what a scan checks each line
   * against; the rows and ids cost as long as the scan's own reading).
   */
  Set<Long> locationsIn(long fileId) throws IOException {
    return new HashSet<>(
        query(
            "SELECT block, off FROM records WHERE file_id = ?",
            rs -> locationKey(rs.getInt(1), rs.getLong(2)),
            fileId));
  }

  /** A record's place in its file as one number: {@code (block + 1) << 40 | offset}. */
  static long locationKey(int block, long offset) {
    return ((long) (block + 1) << 40) | offset;
  }

  /** A record located in a file, with its time. */
  record Live(String id, RecordLocation location, long ts) {}

  /** The records located in one file, in file order. */
  List<Live> liveIn(long fileId) throws IOException {
    return query(
        "SELECT id, block, off, len, ts FROM records WHERE file_id = ? ORDER BY block, off",
        rs ->
            new Live(
                hex(rs.getBytes(1)),
                new RecordLocation(rs.getInt(2), rs.getLong(3), rs.getInt(4)),
                rs.getLong(5)),
        fileId);
  }

  /**
   * Per stream: record count, distinct natural keys (commits by hash, sessions by id) that no later
   * record replaces (an amended or rebased commit counts once, as its newest version), raw bytes
   * (the records as plain JSONL), and the time range.
   */
  record StreamCounts(long records, long keys, long rawBytes, long minTs, long maxTs) {}

  Map<String, StreamCounts> streamCounts() throws IOException {
    Map<String, StreamCounts> out = new LinkedHashMap<>();
    for (Object[] row :
        query(
            "SELECT stream, count(*), coalesce(sum(len + 1), 0), coalesce(min(NULLIF(ts, 0)), 0),"
                + " max(ts) FROM records GROUP BY stream",
            rs ->
                new Object[] {
                  rs.getString(1),
                  new StreamCounts(rs.getLong(2), 0, rs.getLong(3), rs.getLong(4), rs.getLong(5))
                })) {
      out.put((String) row[0], (StreamCounts) row[1]);
    }
    for (Object[] row :
        query(
            "SELECT stream, count(*) FROM (SELECT DISTINCT stream, key FROM records"
                + " WHERE key IS NOT NULL AND key NOT IN (SELECT replaces FROM records"
                + " WHERE replaces IS NOT NULL)) GROUP BY stream",
            rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
      StreamCounts c = out.get((String) row[0]);
      out.put(
          (String) row[0],
          new StreamCounts(c.records(), (Long) row[1], c.rawBytes(), c.minTs(), c.maxTs()));
    }
    return out;
  }

  /** Redaction markers in the stored records, by rule (each record counted once). */
  Map<String, Long> redactionsByRule() throws IOException {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (String row :
        query(
            "SELECT redactions FROM records WHERE redactions IS NOT NULL", rs -> rs.getString(1))) {
      for (String part : row.split(";")) {
        int eq = part.lastIndexOf('=');
        if (eq > 0) {
          out.merge(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)), Long::sum);
        }
      }
    }
    return out;
  }

  /** The natural keys (commit hashes) that a later record replaces, such as amended commits. */
  Set<String> replacedKeys() throws IOException {
    return new HashSet<>(
        query(
            "SELECT DISTINCT replaces FROM records WHERE replaces IS NOT NULL",
            rs -> rs.getString(1)));
  }

  /** The natural keys of a stream's records. */
  Set<String> keys(String stream) throws IOException {
    return new HashSet<>(
        query(
            "SELECT DISTINCT key FROM records WHERE stream = ?" + " AND key IS NOT NULL",
            rs -> rs.getString(1),
            stream));
  }

  /** The natural keys that more than one record of a stream carries. */
  Set<String> repeatedKeys(String stream) throws IOException {
    return new HashSet<>(
        query(
            "SELECT key FROM records WHERE stream = ? AND key IS NOT NULL"
                + " GROUP BY key HAVING count(*) > 1",
            rs -> rs.getString(1),
            stream));
  }

  /** Whether a record of {@code stream} has the natural key {@code key}. */
  boolean hasKey(String stream, String key) throws IOException {
    return !query(
            "SELECT 1 FROM records WHERE stream = ? AND key = ? LIMIT 1", rs -> 1, stream, key)
        .isEmpty();
  }

  /**
   * The time of each natural key's first record, for the keys of {@code stream} first stored
   * between {@code from} and {@code to} (epoch ms, inclusive).
   */
  List<Long> firstTimes(String stream, long from, long to) throws IOException {
    return query(
        "SELECT min(ts) FROM records WHERE stream = ? AND key IS NOT NULL"
            + " GROUP BY key HAVING min(ts) BETWEEN ? AND ?",
        rs -> rs.getLong(1),
        stream,
        from,
        to);
  }

  /** How many records a stream holds. */
  long count(String stream) throws IOException {
    return query("SELECT count(*) FROM records WHERE stream = ?", rs -> rs.getLong(1), stream)
        .get(0);
  }

  /** How many records the index holds. */
  long count() throws IOException {
    return query("SELECT count(*) FROM records", rs -> rs.getLong(1)).get(0);
  }

  /** How many of a stream's records lie between two times (epoch ms, inclusive). */
  long count(String stream, long from, long to) throws IOException {
    return query(
            "SELECT count(*) FROM records WHERE stream = ? AND ts BETWEEN ? AND ?",
            rs -> rs.getLong(1),
            stream,
            from,
            to)
        .get(0);
  }

  /**
   * The time of the record at {@code rank} in time order (0 the oldest) among a stream's records
   * between two times (epoch ms, inclusive).
   */
  Optional<Long> timeAtRank(String stream, long from, long to, long rank) throws IOException {
    return query(
            "SELECT ts FROM records WHERE stream = ? AND ts BETWEEN ? AND ?"
                + " ORDER BY ts LIMIT 1 OFFSET ?",
            rs -> rs.getLong(1),
            stream,
            from,
            to,
            rank)
        .stream()
        .findFirst();
  }

  /** The ids of a stream's records between two times (epoch ms, inclusive), oldest first. */
  List<String> idsBetween(String stream, long from, long to) throws IOException {
    return query(
        "SELECT id FROM records WHERE stream = ? AND ts BETWEEN ? AND ? ORDER BY ts",
        rs -> hex(rs.getBytes(1)),
        stream,
        from,
        to);
  }

  /** The ids of a stream's {@code limit} newest records, newest first. */
  List<String> newestIds(String stream, int limit) throws IOException {
    return query(
        "SELECT id FROM records WHERE stream = ? ORDER BY ts DESC LIMIT ?",
        rs -> hex(rs.getBytes(1)),
        stream,
        limit);
  }

  /**
   * The best hits for {@code q}: every word required, or, when that finds nothing, any word; empty
   * when the text has no word. Their snippets are cut from the text {@code texts} gives.
   */
  List<SearchHit> search(SearchQuery q, SearchTable.Texts texts) throws IOException {
    try {
      flush();
      List<SearchHit> hits = List.of();
      for (boolean any : new boolean[] {false, true}) {
        String match = SearchTable.expression(q.text(), any);
        if (match == null) {
          break;
        }
        hits = search.search(q, match, texts);
        if (!hits.isEmpty()) {
          break;
        }
      }
      return hits;
    } catch (SQLException e) {
      throw new IndexException("index " + file + ": search: " + e.getMessage(), e);
    } finally {
      endRead();
    }
  }

  /**
   * The ids of a stream's records whose natural key is {@code key} or, for 7 characters or more,
   * starts with it (an abbreviated commit hash); oldest first.
   */
  List<String> idsByKey(String stream, String key) throws IOException {
    if (key.length() < 7) {
      return query(
          "SELECT id FROM records WHERE stream = ? AND key = ? ORDER BY ts",
          rs -> hex(rs.getBytes(1)),
          stream,
          key);
    }
    return query(
        "SELECT id FROM records WHERE stream = ? AND key >= ? AND key < ? ORDER BY ts",
        rs -> hex(rs.getBytes(1)),
        stream,
        key,
        key + Character.MAX_VALUE);
  }

  /** The ids of a stream's records of one session, oldest first. */
  List<String> idsOfSession(String stream, String sessionId) throws IOException {
    return query(
        "SELECT id FROM records WHERE stream = ? AND session_id = ? ORDER BY ts",
        rs -> hex(rs.getBytes(1)),
        stream,
        sessionId);
  }

  /** Receives one record's stream, time and length. */
  @FunctionalInterface
  interface TimeVisitor {
    void record(String stream, long ts, int length);
  }

  /** Visits the stream, time and length of every record (read from the covering index). */
  void eachTime(TimeVisitor visitor) throws IOException {
    query(
        "SELECT stream, ts, len FROM records",
        rs -> {
          visitor.record(rs.getString(1), rs.getLong(2), rs.getInt(3));
          return null;
        });
  }

  /**
   * Runs a read-only query, its {@code params} bound in order (values are never pasted into SQL),
   * mapping each row.
   */
  <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) throws IOException {
    try {
      flush();
      PreparedStatement ps = statement(sql);
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          T row = mapper.map(rs);
          if (row != null) {
            out.add(row);
          }
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IndexException("index " + file + ": " + e.getMessage(), e);
    } finally {
      endRead();
    }
  }

  /** Maps one result row. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private void endRead() throws IndexException {
    // Reads also open a transaction (auto-commit is off); end it so WAL can checkpoint, unless
    // the read is part of a write transaction.
    if (inTransaction) {
      return;
    }
    try {
      db.commit();
    } catch (SQLException e) {
      throw new IndexException("index " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits for the search thread to add what was handed over; true when closing then has {@code
   * search_todo} rows to forget, a write (to be done under the store lock).
   */
  boolean finishSearch() {
    search.drain();
    return search.hasDone();
  }

  @Override
  public void close() throws IOException {
    close(true);
  }

  /**
   * Closes the index once the search thread is done; with {@code forgetDone}, deletes the {@code
   * search_todo} rows it did (a write: under the store lock).
   */
  void close(boolean forgetDone) throws IOException {
    IOException failed = null;
    try {
      search.close(); // once what was handed over is done
    } catch (IOException e) {
      failed = e;
    }
    if (forgetDone && search.hasDone()) {
      try {
        transaction(() -> null); // which forgets the todo rows done
      } catch (IOException e) {
        // the rows left only make a later open add those pieces again: nothing is lost
      }
    }
    try {
      contains.close();
      for (PreparedStatement ps : statements.values()) {
        ps.close();
      }
      for (PreparedStatement ps : upserts.values()) {
        ps.close();
      }
      db.close();
    } catch (SQLException e) {
      throw new IndexException("index " + file + ": close failed: " + e.getMessage(), e);
    }
    if (failed != null) {
      throw failed;
    }
  }

  /** Deletes an index, its search index and their WAL files. */
  static void deleteFiles(Path file) throws IOException {
    deleteIndexFiles(file);
    SearchIndexer.deleteFiles(SearchIndexer.fileBeside(file));
  }

  private static void deleteIndexFiles(Path file) throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
  }
}
