package dev.gitml.storage.index;

import dev.gitml.storage.chunk.RecordLocation;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQLite index ({@code index.sqlite}, WAL): which records exist, where each one is, and the
 * columns reports and training query. It is derived data: when it is missing, corrupt or of
 * another schema version it is recreated empty and the store re-reads the chunks into it.
 *
 * <p>A record found in two places (a replay after a crash, a teammate's copy) is indexed once;
 * a copy in a sealed chunk is preferred to one in an open segment, so sealing never rewrites a
 * record already sealed elsewhere.
 */
public final class Index implements Closeable {
  static final int SCHEMA_VERSION = 1;

  private static final String[] SCHEMA = {
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS files(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE,"
        + " stream TEXT NOT NULL, sealed INTEGER NOT NULL, size INTEGER NOT NULL,"
        + " mtime INTEGER NOT NULL, indexed_to INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS records(id TEXT PRIMARY KEY, stream TEXT NOT NULL,"
        + " type TEXT NOT NULL, ts INTEGER NOT NULL, file_id INTEGER NOT NULL,"
        + " block INTEGER NOT NULL, off INTEGER NOT NULL, len INTEGER NOT NULL,"
        + " sealed INTEGER NOT NULL, key TEXT, session_id TEXT) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS records_stream_ts ON records(stream, ts)",
    "CREATE INDEX IF NOT EXISTS records_file ON records(file_id, block, off)",
    "CREATE INDEX IF NOT EXISTS records_key ON records(key)",
    "CREATE TABLE IF NOT EXISTS commit_files(hash TEXT NOT NULL, path TEXT NOT NULL,"
        + " PRIMARY KEY(hash, path)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS commit_files_path ON commit_files(path)",
  };

  private final Path file;
  private final Connection db;
  private final boolean reset;
  private final PreparedStatement contains;
  private final PreparedStatement put;
  private final PreparedStatement commitFile;

  private Index(Path file, Connection db, boolean reset) throws SQLException {
    this.file = file;
    this.db = db;
    this.reset = reset;
    this.contains = db.prepareStatement("SELECT 1 FROM records WHERE id = ?");
    this.put =
        db.prepareStatement(
            "INSERT INTO records(id, stream, type, ts, file_id, block, off, len, sealed, key,"
                + " session_id) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
                + " file_id = excluded.file_id, block = excluded.block, off = excluded.off,"
                + " len = excluded.len, sealed = 1"
                + " WHERE records.sealed = 0 AND excluded.sealed = 1");
    this.commitFile =
        db.prepareStatement("INSERT OR IGNORE INTO commit_files(hash, path) VALUES (?, ?)");
  }

  /**
   * Opens (or creates) the index. A file SQLite cannot read, or of another schema version, is
   * replaced by an empty index: {@link #wasReset()} then tells the caller to re-read the chunks.
   */
  public static Index open(Path file) throws IOException {
    try {
      return connect(file, false);
    } catch (SQLException e) {
      deleteFiles(file);
      try {
        return connect(file, true);
      } catch (SQLException again) {
        throw new IndexException("index " + file + ": cannot be created: " + again.getMessage(),
            again);
      }
    }
  }

  private static Index connect(Path file, boolean reset) throws SQLException {
    Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try {
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA busy_timeout = 30000");
        s.execute("PRAGMA journal_mode = WAL");
        // NORMAL in WAL mode survives a process crash; a power cut may lose the last
        // transactions, which the store re-reads from the chunks on its next open.
        s.execute("PRAGMA synchronous = NORMAL");
      }
      boolean dropped = ensureSchema(db);
      boolean wasReset = reset || dropped;
      db.setAutoCommit(false);
      return new Index(file, db, wasReset);
    } catch (SQLException e) {
      db.close();
      throw e;
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
        for (String table : List.of("files", "records", "commit_files")) {
          s.execute("DROP TABLE IF EXISTS " + table);
        }
        dropped = true;
      }
      for (String ddl : SCHEMA) {
        s.execute(ddl);
      }
      s.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', '"
          + SCHEMA_VERSION + "')");
    }
    return dropped;
  }

  /** True when this open found no usable index and started an empty one. */
  public boolean wasReset() {
    return reset;
  }

  public Path file() {
    return file;
  }

  /** Runs {@code work} in one transaction, committed at the end or rolled back on failure. */
  public <T> T transaction(SqlWork<T> work) throws IOException {
    try {
      T result = work.run();
      db.commit();
      return result;
    } catch (SQLException | IOException | RuntimeException e) {
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
    }
  }

  /** Work inside a transaction. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run() throws SQLException, IOException;
  }

  // ---- files ----

  public List<FileRow> files() throws IOException {
    return query("SELECT id, path, stream, sealed, size, mtime, indexed_to FROM files ORDER BY id",
        rs -> new FileRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1,
            rs.getLong(5), rs.getLong(6), rs.getLong(7)));
  }

  public Optional<FileRow> file(long id) throws IOException {
    List<FileRow> rows =
        query("SELECT id, path, stream, sealed, size, mtime, indexed_to FROM files WHERE id = "
                + id,
            rs -> new FileRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1,
                rs.getLong(5), rs.getLong(6), rs.getLong(7)));
    return rows.stream().findFirst();
  }

  /** Adds or updates a file row (inside a transaction); returns its id. */
  public long putFile(String path, String stream, boolean sealed, long size, long mtime,
      long indexedTo) throws SQLException {
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
  public void deleteFile(long fileId) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.executeUpdate("DELETE FROM commit_files WHERE hash IN (SELECT key FROM records"
          + " WHERE file_id = " + fileId + " AND type = 'commit')");
      s.executeUpdate("DELETE FROM records WHERE file_id = " + fileId);
      s.executeUpdate("DELETE FROM files WHERE id = " + fileId);
    }
  }

  /** Forgets a stream's files and records (inside a transaction), before re-reading it. */
  public void deleteStream(String stream) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement("DELETE FROM commit_files WHERE hash IN (SELECT key FROM records"
            + " WHERE stream = ? AND type = 'commit')")) {
      ps.setString(1, stream);
      ps.executeUpdate();
    }
    for (String sql : List.of("DELETE FROM records WHERE stream = ?",
        "DELETE FROM files WHERE stream = ?")) {
      try (PreparedStatement ps = db.prepareStatement(sql)) {
        ps.setString(1, stream);
        ps.executeUpdate();
      }
    }
  }

  // ---- records ----

  public boolean contains(String id) throws SQLException {
    contains.setString(1, id);
    try (ResultSet rs = contains.executeQuery()) {
      return rs.next();
    }
  }

  /**
   * Indexes a record (inside a transaction). Returns false when the id was already indexed and
   * stays where it was; a sealed copy replaces an open one.
   */
  public boolean put(IndexEntry e) throws SQLException {
    put.setString(1, e.id());
    put.setString(2, e.stream());
    put.setString(3, e.type());
    put.setLong(4, e.ts());
    put.setLong(5, e.fileId());
    put.setInt(6, e.location().block());
    put.setLong(7, e.location().offset());
    put.setInt(8, e.location().length());
    put.setInt(9, e.sealed() ? 1 : 0);
    put.setString(10, e.key());
    put.setString(11, e.sessionId());
    return put.executeUpdate() > 0;
  }

  /** Records the files a commit touched (inside a transaction). */
  public void putCommitFiles(String hash, Collection<String> paths) throws SQLException {
    for (String path : paths) {
      commitFile.setString(1, hash);
      commitFile.setString(2, path);
      commitFile.addBatch();
    }
    commitFile.executeBatch();
  }

  /** Moves a record to a new location (inside a transaction). */
  public void relocate(String id, long fileId, RecordLocation at, boolean sealed)
      throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "UPDATE records SET file_id = ?, block = ?, off = ?, len = ?, sealed = ? WHERE id = ?")) {
      ps.setLong(1, fileId);
      ps.setInt(2, at.block());
      ps.setLong(3, at.offset());
      ps.setInt(4, at.length());
      ps.setInt(5, sealed ? 1 : 0);
      ps.setString(6, id);
      ps.executeUpdate();
    }
  }

  /** Removes a record (inside a transaction). */
  public void deleteRecord(String id) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(
        "DELETE FROM commit_files WHERE hash = (SELECT key FROM records WHERE id = ?"
            + " AND type = 'commit')")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = db.prepareStatement("DELETE FROM records WHERE id = ?")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
  }

  /** Where a record is: its file and location. */
  public record Located(String id, long fileId, RecordLocation location) {}

  public Optional<Located> locate(String id) throws IOException {
    try (PreparedStatement ps =
        db.prepareStatement("SELECT file_id, block, off, len FROM records WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Located(id, rs.getLong(1),
            new RecordLocation(rs.getInt(2), rs.getLong(3), rs.getInt(4))));
      }
    } catch (SQLException e) {
      throw new IndexException("index " + file + ": " + e.getMessage(), e);
    }
  }

  /** The records located in one file, in file order. */
  public List<Located> recordsIn(long fileId) throws IOException {
    return query("SELECT id, file_id, block, off, len FROM records WHERE file_id = " + fileId
            + " ORDER BY block, off",
        rs -> new Located(rs.getString(1), rs.getLong(2),
            new RecordLocation(rs.getInt(3), rs.getLong(4), rs.getInt(5))));
  }

  /**
   * Per stream: record count, distinct natural keys (commits by hash, sessions by id), raw bytes
   * (the records as plain JSONL), and the time range.
   */
  public record StreamCounts(long records, long keys, long rawBytes, long minTs, long maxTs) {}

  public Map<String, StreamCounts> streamCounts() throws IOException {
    Map<String, StreamCounts> out = new LinkedHashMap<>();
    for (Object[] row : query(
        "SELECT stream, count(*), count(DISTINCT key), coalesce(sum(len + 1), 0), coalesce(min(NULLIF(ts, 0)), 0),"
            + " max(ts) FROM records GROUP BY stream",
        rs -> new Object[] {rs.getString(1), new StreamCounts(rs.getLong(2), rs.getLong(3),
            rs.getLong(4), rs.getLong(5), rs.getLong(6))})) {
      out.put((String) row[0], (StreamCounts) row[1]);
    }
    return out;
  }

  /** Runs a read-only query, mapping each row. */
  public <T> List<T> query(String sql, RowMapper<T> mapper) throws IOException {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(mapper.map(rs));
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
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private void endRead() throws IndexException {
    // Reads also open a transaction (auto-commit is off); end it so WAL can checkpoint.
    try {
      db.commit();
    } catch (SQLException e) {
      throw new IndexException("index " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      contains.close();
      put.close();
      commitFile.close();
      db.close();
    } catch (SQLException e) {
      throw new IndexException("index " + file + ": close failed: " + e.getMessage(), e);
    }
  }

  /** Deletes an index and its WAL files. */
  public static void deleteFiles(Path file) throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
  }
}
