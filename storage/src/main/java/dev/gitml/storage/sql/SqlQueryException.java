package dev.gitml.storage.sql;

/** A query {@code gitml sql} refuses or SQLite rejects; the message is one line for the user. */
public final class SqlQueryException extends Exception {
  private static final long serialVersionUID = 1L;

  public SqlQueryException(String message) {
    super(message);
  }
}
