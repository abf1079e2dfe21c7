package dev.gitml.storage.foreign;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Another tool's SQLite file (OpenCode's {@code opencode.db}, Cursor's {@code state.vscdb}), read
 * and never written: opened with {@code mode=ro}, so gitml takes no write lock, and each query is a
 * statement of its own in autocommit, so no read transaction is held between them and the tool that
 * owns the file is never kept waiting. A database that cannot be opened that way (its directory not
 * writable for a WAL index, or locked past {@link #BUSY_MILLIS}) is opened {@code immutable=1}: no
 * lock at all, at the price of not seeing what is still in its WAL file.
 *
 * <p>Rows come back as plain values (text, numbers); what they mean is the reader's business. Table
 * and column names are checked to be plain identifiers; every value is bound.
 */
public final class ForeignDatabase implements AutoCloseable {
  /** The 16 bytes every SQLite database file starts with (sqlite.org/fileformat.html). */
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  /** How long a query waits on the owner's write lock before the read gives up. */
  static final int BUSY_MILLIS = 2_000;

  /** sqlite3_open_v2 flags (sqlite.org/c3ref/c_open_autoproxy.html). */
  private static final int OPEN_READONLY = 0x01;

  private static final int OPEN_URI = 0x40;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Path file;
  private final Connection db;

  private ForeignDatabase(Path file, Connection db) {
    this.file = file;
    this.db = db;
  }

  /** Whether {@code file} is a regular file that starts as an SQLite database does. */
  public static boolean isDatabase(Path file) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
    } catch (IOException unreadable) {
      return false;
    }
  }

  /** Opens {@code file} read-only (see the class comment). */
  public static ForeignDatabase open(Path file) throws IOException {
    Path real = file.toRealPath();
    String uri = "file:" + real.toUri().getRawPath();
    try {
      return new ForeignDatabase(real, connect(uri + "?mode=ro"));
    } catch (SQLException first) {
      try {
        return new ForeignDatabase(real, connect(uri + "?mode=ro&immutable=1"));
      } catch (SQLException again) {
        throw new IOException(real + ": cannot be read as SQLite: " + again.getMessage(), again);
      }
    }
  }

  private static Connection connect(String uri) throws SQLException {
    // the driver is loaded by name (as for the index): its pragmas are passed as properties
    Properties config = new Properties();
    config.setProperty("open_mode", Integer.toString(OPEN_READONLY | OPEN_URI));
    config.setProperty("busy_timeout", Integer.toString(BUSY_MILLIS));
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + uri, config);
    try (PreparedStatement probe = c.prepareStatement("SELECT count(*) FROM sqlite_master");
        ResultSet rs = probe.executeQuery()) {
      rs.next(); // a locked or unreadable file fails here, not at the first real query
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  public Path file() {
    return file;
  }

  /** Whether the database has a table named {@code table}. */
  public boolean hasTable(String table) throws IOException {
    try (PreparedStatement s =
        db.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw failure("looking for table " + table, e);
    }
  }

  /**
   * Largest value read from another tool's database, in bytes of a BLOB or characters of text: a
   * larger one reads as absent (null), so one huge cell cannot exhaust the daemon's heap.
   */
  public static final int MAX_VALUE = 16 << 20;

  /** Every row of {@code table}, in {@code orderBy} order. */
  public void rows(String table, String orderBy, RowSink sink) throws IOException {
    query(select(table, columns(table)) + " ORDER BY " + name(orderBy), new String[0], sink, table);
  }

  /** The rows of {@code table} whose {@code column} is {@code value}, in {@code orderBy} order. */
  public void rowsWhere(String table, String column, String value, String orderBy, RowSink sink)
      throws IOException {
    query(
        select(table, columns(table)) + " WHERE " + name(column) + " = ? ORDER BY " + name(orderBy),
        new String[] {value},
        sink,
        table);
  }

  /**
   * The {@code key}/{@code value} rows of a key-value table (VS Code's {@code ItemTable}, Cursor's
   * {@code cursorDiskKV}) whose key starts with {@code prefix}, in key order: a range on the key's
   * unique index, not a scan.
   */
  public void keyValues(String table, String prefix, RowSink sink) throws IOException {
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("an empty prefix is the whole table: use rows()");
    }
    char last = prefix.charAt(prefix.length() - 1);
    String upper = prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    query(
        select(table, List.of("key", "value")) + " WHERE key >= ? AND key < ? ORDER BY key",
        new String[] {prefix, upper},
        sink,
        table);
  }

  /** The value of {@code key} in a key-value table, as text. */
  public Optional<String> value(String table, String key) throws IOException {
    String[] out = {null};
    query(
        select(table, List.of("key", "value")) + " WHERE key = ?",
        new String[] {key},
        row -> out[0] = row.text("value"),
        table);
    return Optional.ofNullable(out[0]);
  }

  private void query(String sql, String[] values, RowSink sink, String table) throws IOException {
    try (PreparedStatement s = db.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setString(i + 1, values[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= n; i++) {
            row.put(meta.getColumnLabel(i), value(rs, i));
          }
          sink.accept(new Row(row));
        }
      }
    } catch (SQLException e) {
      throw failure("reading " + table, e);
    }
  }

  /** A column's value: text as a String (a BLOB of text too), integers as Long, reals as Double. */
  private static Object value(ResultSet rs, int i) throws SQLException {
    return switch (rs.getMetaData().getColumnType(i)) {
      case Types.INTEGER, Types.BIGINT -> {
        long v = rs.getLong(i);
        yield rs.wasNull() ? null : v;
      }
      case Types.REAL, Types.FLOAT, Types.DOUBLE -> {
        double v = rs.getDouble(i);
        yield rs.wasNull() ? null : v;
      }
      case Types.BLOB, Types.BINARY, Types.VARBINARY -> {
        byte[] b = rs.getBytes(i);
        yield b == null ? null : new String(b, StandardCharsets.UTF_8);
      }
      default -> rs.getString(i);
    };
  }

  /** {@code SELECT} of {@code columns} of {@code table}, each bounded to {@link #MAX_VALUE}. */
  private static String select(String table, List<String> columns) {
    StringBuilder sb = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      String c = name(columns.get(i));
      sb.append(i == 0 ? "" : ", ")
          .append("CASE WHEN length(")
          .append(c)
          .append(") <= ")
          .append(MAX_VALUE)
          .append(" THEN ")
          .append(c)
          .append(" END AS ")
          .append(c);
    }
    return sb.append(" FROM ").append(name(table)).toString();
  }

  /** The columns of {@code table}, in their order. */
  private List<String> columns(String table) throws IOException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s = db.prepareStatement("PRAGMA table_info(" + name(table) + ")");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString("name"));
      }
    } catch (SQLException e) {
      throw failure("reading the columns of " + table, e);
    }
    if (out.isEmpty()) {
      throw new IOException(file + ": no table " + table);
    }
    return out;
  }

  private static String name(String identifier) {
    if (!IDENTIFIER.matcher(identifier).matches()) {
      throw new IllegalArgumentException("not a plain SQL identifier: " + identifier);
    }
    return "\"" + identifier + "\"";
  }

  private IOException failure(String what, SQLException e) {
    return new IOException(file + ": " + what + ": " + e.getMessage(), e);
  }

  @Override
  public void close() throws IOException {
    try {
      db.close();
    } catch (SQLException e) {
      throw failure("closing", e);
    }
  }

  /** Receives rows one at a time, so a large table is never held whole. */
  @FunctionalInterface
  public interface RowSink {
    void accept(Row row) throws IOException;
  }

  /** One row, its columns by name. */
  public record Row(Map<String, Object> columns) {
    /** The column's value as text (a number as its decimal), or null. */
    public String text(String column) {
      Object v = columns.get(column);
      return v == null ? null : v.toString();
    }

    /** The column's value as a number, or null when it is absent or not one. */
    public Long number(String column) {
      Object v = columns.get(column);
      if (v instanceof Number n) {
        return n.longValue();
      }
      if (v instanceof String s) {
        try {
          return Long.parseLong(s.strip());
        } catch (NumberFormatException notNumber) {
          return null;
        }
      }
      return null;
    }
  }
}
