package dev.gitml.storage.foreign;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Writes small SQLite files in another tool's shape (an {@code opencode.db}, a {@code state.vscdb})
 * for tests of the readers that open them with {@link ForeignDatabase}: the SQL stays in the
 * storage module, the tests in every module use it through storage's test jar.
 */
public final class SqliteFiles {
  private SqliteFiles() {}

  /** Runs each statement (a {@code CREATE TABLE}, a {@code PRAGMA}) on {@code file}. */
  public static void execute(Path file, String... statements) throws IOException {
    try (Connection db = connect(file);
        Statement s = db.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Inserts {@code rows} into {@code table}, each row's values bound in column order. */
  public static void insert(Path file, String table, List<Object[]> rows) throws IOException {
    if (rows.isEmpty()) {
      return;
    }
    String marks = "?" + ",?".repeat(rows.get(0).length - 1);
    try (Connection db = connect(file);
        PreparedStatement s =
            db.prepareStatement("INSERT INTO \"" + table + "\" VALUES (" + marks + ")")) {
      db.setAutoCommit(false);
      for (Object[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          s.setObject(i + 1, row[i]);
        }
        s.addBatch();
      }
      s.executeBatch();
      db.commit();
    } catch (SQLException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private static Connection connect(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }
}
