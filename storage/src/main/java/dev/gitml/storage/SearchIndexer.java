package dev.gitml.storage;

import dev.gitml.storage.search.SearchHit;
import dev.gitml.storage.search.SearchQuery;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The full-text search index ({@code search.sqlite}, beside {@code index.sqlite}; {@link
 * SearchTable}), written and read on a thread and connection of its own: the words of a
 * transcript's many small records were more than half of what the thread that holds the store did
 * (a Cursor transcript), and in a database of their own they are added while the store goes on with
 * the next batch, without either waiting for the other's lock or losing its page cache to the
 * other's writes.
 *
 * <p>Work is done in the order it is handed over: pieces to add once the transaction that indexed
 * their records has committed, pieces to remove once their records are removed, and searches, which
 * so see every record this store stored before them. The connection has the index attached
 * read-only ({@link SearchTable#INDEX}): a piece is added only while its record is indexed, removed
 * only once it is not, and a search finds only pieces of indexed records, so stores of several
 * processes (or of the daemon's threads) may add and remove in any order. Each write is an
 * immediate transaction: it waits for another's, which a read turned write would not.
 *
 * <p>What is handed over and not yet added is lost if the process dies: each batch leaves a row in
 * the index's {@code search_todo} (the rowids its records took), deleted once its pieces are added
 * ({@link #takeDone}); a row left behind (or whose batch failed, {@link #takeFailed}) is added
 * again from the chunks by a store opened later ({@link Index#searchBacklog}). A removal lost so is
 * done by the next {@link #prune}.
 */
final class SearchIndexer implements Closeable {
  /** Batches handed over at most: the thread storing records waits for the oldest beyond that. */
  private static final int AHEAD = 2;

  private final Path file;
  private final boolean fresh;
  private final Connection db; // used on the thread alone, after open
  private final SearchTable table;
  private final ExecutorService thread;
  private final Deque<Future<?>> queued = new ArrayDeque<>();
  private final List<Long> done = new ArrayList<>();
  private final java.util.Set<Long> failed = new java.util.HashSet<>();

  /** Rows of which a batch failed, until their last batch: the thread's own. */
  private final java.util.Set<Long> failing = new java.util.HashSet<>();

  private boolean closed;
  private final List<String> failures = new ArrayList<>();
  private boolean used; // whether anything ran on the thread (a read-only command's does not)

  private SearchIndexer(Path file, Connection db, boolean fresh) {
    this.file = file;
    this.db = db;
    this.fresh = fresh;
    this.table = new SearchTable(db);
    this.thread =
        Executors.newSingleThreadExecutor(
            work -> {
              Thread t = new Thread(work, "gitml-search-index");
              t.setDaemon(true);
              return t;
            });
  }

  /** The search index beside the index {@code indexFile}. */
  static Path fileBeside(Path indexFile) {
    return indexFile.resolveSibling("search.sqlite");
  }

  /**
   * Opens (or creates) the search index {@code file} beside the index {@code index}. One SQLite
   * says is not a database or is damaged is made again; one of another schema version has its
   * tables made again. Either way {@link #fresh()} then tells the index to add every record's
   * pieces again. Any other failure (the file is busy, the disk full) is an error: the file is left
   * as it is, as another process may be using it.
   */
  static SearchIndexer open(Path file, Path index) throws IOException {
    try {
      return connect(file, index);
    } catch (SQLException e) {
      if (e.getErrorCode() != SQLITE_CORRUPT && e.getErrorCode() != SQLITE_NOTADB) {
        throw new IndexException("search index " + file + ": " + e.getMessage(), e);
      }
      deleteFiles(file);
      try {
        return connect(file, index);
      } catch (SQLException again) {
        throw new IndexException(
            "search index " + file + ": cannot be created: " + again.getMessage(), again);
      }
    }
  }

  /** SQLite's result codes for a damaged file and for one that is not a database. */
  private static final int SQLITE_CORRUPT = 11;

  private static final int SQLITE_NOTADB = 26;

  private static SearchIndexer connect(Path file, Path index) throws SQLException {
    boolean created = !Files.exists(file);
    // auto-commit: write() begins its transactions itself, immediate (the driver's own immediate
    // mode would begin the next one at once, and hold the write lock between batches)
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 30000");
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = NORMAL");
        s.execute("PRAGMA cache_size = -16384");
        s.execute("PRAGMA temp_store = MEMORY");
        String version = version(s);
        String current = Integer.toString(SearchTable.SCHEMA_VERSION);
        if (!current.equals(version)) { // made now, or of another version: its tables made again
          created = true;
          s.execute("BEGIN IMMEDIATE");
          for (String table : List.of("search_fts", "search_docs", "meta")) {
            s.execute("DROP TABLE IF EXISTS " + table);
          }
          for (String ddl : SearchTable.SCHEMA) {
            s.execute(ddl);
          }
          // its version is written by markCurrent, once the index knows it must add every piece
          s.execute("COMMIT");
        }
        // read-only: its immediate transactions take no lock of the index, whose records it reads
        s.execute(
            "ATTACH DATABASE '" + uri(index).replace("'", "''") + "' AS " + SearchTable.INDEX);
      }
      return new SearchIndexer(file, c, created);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  /** The read-only URI of a database file. */
  private static String uri(Path file) {
    return file.toAbsolutePath().toUri().toString() + "?mode=ro";
  }

  /** The schema version a search index says it has; null when it has none (it is new). */
  private static String version(Statement s) throws SQLException {
    try (ResultSet rs =
        s.executeQuery(
            "SELECT count(*) FROM sqlite_master WHERE name = 'meta' AND type = 'table'")) {
      if (!rs.next() || rs.getInt(1) == 0) {
        return null;
      }
    }
    try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /**
   * Writes the search index's version, once the index has made sure that every record's pieces will
   * be added: until then an open finds it fresh again.
   */
  void markCurrent() throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute(
          "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', '"
              + SearchTable.SCHEMA_VERSION
              + "')");
    }
  }

  /** True when this open made the file: it holds no record's pieces. */
  boolean fresh() {
    return fresh;
  }

  /**
   * Hands over the pieces of {@code entries}, indexed by the committed transaction that left {@code
   * todo} in {@code search_todo}; waits while {@value #AHEAD} batches are handed over.
   */
  synchronized void add(long todo, boolean last, List<IndexEntry> entries) {
    while (queued.size() >= AHEAD) {
      await(queued.removeFirst());
    }
    used = true;
    queued.addLast(
        thread.submit(
            () -> {
              boolean added = false;
              try {
                added = write(() -> table.add(entries), entries.size() + " records");
              } finally { // an error (out of memory) fails the batch too
                if (!added) {
                  failing.add(todo);
                }
                if (last) { // the row's outcome: done only when every batch of it was added
                  boolean ok = !failing.remove(todo);
                  synchronized (done) {
                    (ok ? done : failed).add(todo);
                  }
                }
              }
            }));
  }

  /** Hands over the removal of every piece whose record is not indexed. */
  synchronized void prune() {
    used = true;
    queued.addLast(thread.submit(() -> write(table::prune, "removing pieces of removed records")));
  }

  /** Hands over the removal of the pieces of the records {@code ids}. */
  synchronized void remove(List<String> ids) {
    if (!ids.isEmpty()) {
      used = true;
      queued.addLast(thread.submit(() -> write(() -> table.remove(ids), "removing " + ids.size())));
    }
  }

  /** The best hits for {@code q}, once everything handed over before it is done. */
  List<SearchHit> search(SearchQuery q, String match, SearchTable.Texts texts) throws IOException {
    Callable<List<SearchHit>> search = () -> table.search(q, match, texts);
    Future<List<SearchHit>> hits;
    synchronized (this) {
      used = true;
      hits = thread.submit(search);
    }
    try {
      // the search reads records through the caller's index: waited for through an interrupt
      return Uninterruptibly.get(hits);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IndexException("search index " + file + ": search: " + cause.getMessage(), cause);
    }
  }

  /** Waits until everything handed over is done (or has failed, see {@link #takeFailures}). */
  synchronized void drain() {
    while (!queued.isEmpty()) {
      await(queued.removeFirst());
    }
  }

  /** True when pieces were added whose {@code search_todo} rows are not taken yet. */
  boolean hasDone() {
    synchronized (done) {
      return !done.isEmpty();
    }
  }

  /**
   * The {@code search_todo} rows of which a batch could not be added since the last call: a store
   * opened later adds them from the chunks.
   */
  List<Long> takeFailed() {
    synchronized (done) {
      List<Long> out = List.copyOf(failed);
      failed.clear();
      return out;
    }
  }

  /** The {@code search_todo} rows whose pieces were added since the last call. */
  List<Long> takeDone() {
    synchronized (done) {
      List<Long> out = List.copyOf(done);
      done.clear();
      return out;
    }
  }

  /** What could not be added or removed since the last call. */
  List<String> takeFailures() {
    synchronized (failures) {
      List<String> out = List.copyOf(failures);
      failures.clear();
      return out;
    }
  }

  /** SQL work on the search index. */
  @FunctionalInterface
  private interface Work {
    void run() throws SQLException;
  }

  /**
   * Runs {@code work} in an immediate transaction of its own, on the thread; false when it failed.
   */
  private boolean write(Work work, String what) {
    try (Statement s = db.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try {
        work.run();
        s.execute("COMMIT");
        return true;
      } catch (SQLException | RuntimeException e) {
        s.execute("ROLLBACK");
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      synchronized (failures) {
        failures.add("search index " + file + ": " + what + ": " + e.getMessage());
      }
      return false;
    }
  }

  /** Waits for work handed over, through an interrupt; a failure is noted by write(). */
  private static void await(Future<?> f) {
    try {
      Uninterruptibly.get(f);
    } catch (ExecutionException e) {
      // write() notes what fails; an error beyond that fails its batch (see add)
    }
  }

  /** Deletes the search index's files (the database and its WAL files). */
  static void deleteFiles(Path file) throws IOException {
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
    }
  }

  /** Waits for what was handed over, then closes the connection. */
  @Override
  public void close() throws IOException {
    drain();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (!used) { // no thread was started: the connection is closed here
        thread.shutdown();
        try {
          table.close();
          db.close();
        } catch (SQLException e) {
          throw new IndexException("search index " + file + ": close failed: " + e.getMessage(), e);
        }
        return;
      }
    }
    Future<?> closing =
        thread.submit(
            () -> {
              table.close();
              db.close();
              return null;
            });
    thread.shutdown();
    try {
      Uninterruptibly.get(closing);
    } catch (ExecutionException e) {
      throw new IndexException(
          "search index " + file + ": close failed: " + e.getCause().getMessage(), e.getCause());
    }
  }
}
