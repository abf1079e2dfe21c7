package dev.gitml.storage.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.Store;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StepTexts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The database {@code gitml sql} reads: the store's records as the tables of {@link SqlTables},
 * materialised into a SQLite file under the data directory's local part ({@code
 * local/query.sqlite}, a cache: never synced, rebuilt whenever the store changed since, by a
 * fingerprint of every stream's record count, size and time range), and queried read-only.
 *
 * <p>A query runs on a connection opened read-only, with {@code query_only} on and no database to
 * attach; before it runs, its compiled program is inspected ({@code EXPLAIN}) and refused when it
 * would write, begin a write transaction, or is no query at all (no result columns: a pragma that
 * sets, {@code ATTACH}, {@code BEGIN}, {@code VACUUM}).
 */
public final class QueryDatabase {
  static final String FILE = "query.sqlite";

  /**
   * Opcodes of a program that changes a database (SQLite's VDBE; see sqlite.org/opcode.html). Row
   * inserts and deletes into a real table need an {@code OpenWrite} cursor and a write transaction;
   * alone ({@code Insert}, {@code IdxInsert}) they fill the query's own temporary b-trees (sorts,
   * automatic indexes) and are allowed.
   */
  private static final Set<String> WRITES =
      Set.of(
          "OpenWrite",
          "Destroy",
          "Clear",
          "CreateBtree",
          "DropTable",
          "DropIndex",
          "DropTrigger",
          "ParseSchema",
          "SetCookie",
          "VUpdate",
          "VCreate",
          "VDestroy",
          "Vacuum",
          "IncrVacuum",
          "JournalMode",
          "AutoCommit");

  /** Receives a query's result. */
  public interface Rows {
    void columns(List<String> names) throws IOException;

    void row(List<Object> values) throws IOException;
  }

  private QueryDatabase() {}

  /** Whether the cached database is missing or older than the store; rebuilds it then. */
  public static Path refresh(Store store) throws IOException {
    Path file = store.dir().local().resolve(FILE);
    String fingerprint = fingerprint(store);
    if (Files.isRegularFile(file) && fingerprint.equals(storedFingerprint(file))) {
      return file;
    }
    AtomicFiles.createPrivateDirectories(file.getParent());
    // a name of its own: two queries at once each build their own, and the last move wins whole
    Path tmp = Files.createTempFile(file.getParent(), "." + FILE + "-", ".tmp");
    AtomicFiles.restrict(tmp, AtomicFiles.FILE); // owner-only, as everything under local/
    try {
      build(store, tmp, fingerprint);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }

  /**
   * Runs one read-only query on {@code file} ({@link #refresh}), handing its rows to {@code out}.
   *
   * @throws SqlQueryException when the query would write, is not a query, or SQLite rejects it
   */
  public static void query(Path file, String sql, Rows out) throws IOException, SqlQueryException {
    try (Connection db = readOnly(file)) {
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA query_only = 1");
      }
      try (PreparedStatement ps = db.prepareStatement(sql)) {
        ResultSetMetaData meta = ps.getMetaData();
        int n = columns(meta);
        if (n == 0) {
          throw new SqlQueryException(
              "not a query (it returns no rows): sql runs read-only queries");
        }
        refuseWrites(db, sql);
        try (ResultSet rs = ps.executeQuery()) {
          List<String> names = new ArrayList<>();
          for (int i = 1; i <= n; i++) {
            names.add(meta.getColumnLabel(i));
          }
          out.columns(names);
          while (rs.next()) {
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
              row.add(rs.getObject(i));
            }
            out.row(row);
          }
        }
      }
    } catch (SQLException e) {
      throw new SqlQueryException(oneLine(e));
    }
  }

  /**
   * A connection that cannot write: the file opened read-only (SQLITE_OPEN_READONLY) and no
   * database may be attached (the driver's connection properties, no driver class named).
   */
  private static Connection readOnly(Path file) throws SQLException {
    Properties p = new Properties();
    p.setProperty("open_mode", "1");
    p.setProperty("limit_attached", "0");
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
  }

  /** A prepared statement's result columns; none for a statement that is no query. */
  private static int columns(ResultSetMetaData meta) {
    try {
      return meta == null ? 0 : meta.getColumnCount();
    } catch (SQLException e) {
      return 0; // the driver's answer for a statement without a result
    }
  }

  private static void refuseWrites(Connection db, String sql)
      throws SQLException, SqlQueryException {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
      while (rs.next()) {
        String op = rs.getString("opcode");
        if (WRITES.contains(op) || (op.equals("Transaction") && rs.getInt("p2") != 0)) {
          throw new SqlQueryException("the query would write: sql runs read-only queries");
        }
      }
    }
  }

  /** SQLite's message without the JDBC driver's prefix, on one line. */
  static String oneLine(SQLException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    int open = m.indexOf('(');
    if (m.startsWith("[SQLITE_") && open > 0 && m.endsWith(")")) {
      m = m.substring(open + 1, m.length() - 1);
    }
    return "SQL: " + m.replaceAll("\\s+", " ").strip();
  }

  private static String fingerprint(Store store) throws IOException {
    StringBuilder sb = new StringBuilder("tables 1\n");
    SqlTables.ALL.forEach(t -> sb.append(t.name()).append(t.columns().size()).append('\n'));
    for (Map.Entry<String, Store.StreamStats> e : store.stats().entrySet()) {
      sb.append(e.getValue()).append('\n');
    }
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String storedFingerprint(Path file) {
    try (Connection db = readOnly(file);
        Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT value FROM gitml_meta WHERE name = 'fingerprint'")) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      return null; // unreadable or from another gitml: rebuilt
    }
  }

  private static void build(Store store, Path file, String fingerprint) throws IOException {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode = OFF");
        s.execute("PRAGMA synchronous = OFF");
        s.execute("CREATE TABLE gitml_meta (name TEXT PRIMARY KEY, value TEXT)");
        for (SqlTable t : SqlTables.ALL) {
          s.execute(create(t));
          if (t.key() != null) {
            s.execute(
                "CREATE INDEX " + t.name() + "_key ON " + t.name() + " (" + keyColumn(t) + ")");
          }
        }
      }
      db.setAutoCommit(false);
      for (RecordType type : RecordType.values()) {
        List<SqlTable> tables = SqlTables.ALL.stream().filter(t -> t.type() == type).toList();
        if (!tables.isEmpty()) {
          load(store, db, type, tables);
        }
      }
      try (PreparedStatement ps =
          db.prepareStatement("INSERT INTO gitml_meta VALUES ('fingerprint', ?)")) {
        ps.setString(1, fingerprint);
        ps.executeUpdate();
      }
      db.commit();
    } catch (SQLException e) {
      throw new IOException("cannot build " + file + ": " + oneLine(e), e);
    }
  }

  private static void load(Store store, Connection db, RecordType type, List<SqlTable> tables)
      throws IOException, SQLException {
    // Only keys stored more than once need their older rows deleted (the index knows them).
    Set<String> repeated = store.repeatedKeys(type);
    List<PreparedStatement> inserts = new ArrayList<>();
    List<PreparedStatement> deletes = new ArrayList<>();
    try {
      for (SqlTable t : tables) {
        inserts.add(db.prepareStatement(insert(t)));
        deletes.add(
            t.key() == null
                ? null
                : db.prepareStatement(
                    "DELETE FROM " + t.name() + " WHERE " + keyColumn(t) + " = ?"));
      }
      store.scan(
          type,
          r -> {
            // a chat's steps whole, as stored once (docs/records.md)
            JsonNode data = StepTexts.expanded(r.data());
            try {
              for (int i = 0; i < tables.size(); i++) {
                rows(tables.get(i), data, r.ts(), repeated, deletes.get(i), inserts.get(i));
              }
            } catch (SQLException e) {
              throw new IOException(oneLine(e), e);
            }
          });
    } finally {
      for (PreparedStatement p : inserts) {
        p.close();
      }
      for (PreparedStatement p : deletes) {
        if (p != null) {
          p.close();
        }
      }
    }
  }

  private static void rows(
      SqlTable t,
      JsonNode data,
      long ts,
      Set<String> repeated,
      PreparedStatement delete,
      PreparedStatement insert)
      throws SQLException {
    if (t.key() != null) {
      JsonNode key = data.get(t.key());
      if (key == null || key.isNull()) {
        return;
      }
      if (repeated.contains(key.asText())) {
        delete.setString(1, key.asText()); // the newest stored copy wins
        delete.executeUpdate();
      }
    }
    if (t.elements() == null) {
      insert(t, insert, new SqlTable.Source(data, null, 0, ts));
      return;
    }
    JsonNode elements = data.get(t.elements());
    if (elements == null || !elements.isArray()) {
      return;
    }
    for (int i = 0; i < elements.size(); i++) {
      insert(t, insert, new SqlTable.Source(data, elements.get(i), i, ts));
    }
  }

  private static void insert(SqlTable t, PreparedStatement insert, SqlTable.Source s)
      throws SQLException {
    for (int c = 0; c < t.columns().size(); c++) {
      insert.setObject(c + 1, t.columns().get(c).value().apply(s));
    }
    insert.executeUpdate();
  }

  /** The column holding a keyed table's natural key: its first. */
  private static String keyColumn(SqlTable t) {
    return t.columns().get(0).name();
  }

  private static String create(SqlTable t) {
    StringBuilder sb = new StringBuilder("CREATE TABLE ").append(t.name()).append(" (");
    for (int i = 0; i < t.columns().size(); i++) {
      SqlTable.Column c = t.columns().get(i);
      sb.append(i == 0 ? "" : ", ").append(c.name()).append(' ').append(c.sqlType());
    }
    return sb.append(')').toString();
  }

  private static String insert(SqlTable t) {
    return "INSERT INTO "
        + t.name()
        + " VALUES ("
        + String.join(", ", java.util.Collections.nCopies(t.columns().size(), "?"))
        + ")";
  }
}
