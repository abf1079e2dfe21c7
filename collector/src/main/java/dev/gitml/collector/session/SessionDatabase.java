package dev.gitml.collector.session;

import java.io.IOException;
import java.util.List;

/**
 * A file that holds many sessions, an assistant's SQLite database (OpenCode's {@code opencode.db},
 * Cursor's {@code state.vscdb}): {@link SessionIngest} reads each of its sessions as a transcript
 * of its own, through {@link #session}, and keeps a cursor per session.
 */
interface SessionDatabase extends AutoCloseable {
  /** The assistant's name in records. */
  String assistant();

  /**
   * The sessions the database holds, each with a stamp that changes whenever the session does (its
   * last update time), so that a session unchanged since the last read is not read again.
   */
  List<Entry> sessions() throws IOException;

  /**
   * A reader of one session: its {@code read} reads that session from the database file whole and
   * returns 0 as the next offset.
   */
  TranscriptReader session(String id);

  @Override
  void close() throws IOException;

  /**
   * A session in the database, its change stamp, and the working directory it ran in (null when the
   * database does not record one).
   */
  record Entry(String id, long updated, String directory) {
    Entry(String id, long updated) {
      this(id, updated, null);
    }
  }
}
