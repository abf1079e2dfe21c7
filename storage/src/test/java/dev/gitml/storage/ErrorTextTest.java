package dev.gitml.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ErrorTextTest {
  @Test
  void of_indexExceptionFromSqliteFull_saysDiskFull() {
    SQLException full =
        new SQLException(
            "[SQLITE_FULL] Insertion failed because database is full (database or disk is full)",
            null,
            13);

    String text =
        ErrorText.of(
            new IndexException("index /r/.git-ml/index.sqlite: " + full.getMessage(), full));

    assertEquals(
        "disk full: index /r/.git-ml/index.sqlite: [SQLITE_FULL] Insertion failed "
            + "because database is full (database or disk is full)",
        text);
  }

  @Test
  void of_otherSqliteError_isLeftAsItIs() {
    SQLException busy = new SQLException("[SQLITE_BUSY] The database file is locked", null, 5);

    assertEquals(
        "index: [SQLITE_BUSY] The database file is locked",
        ErrorText.of(new IndexException("index: " + busy.getMessage(), busy)));
  }
}
