package dev.gitml.storage;

import dev.gitml.storage.search.SearchHit;
import dev.gitml.storage.search.SearchKind;
import dev.gitml.storage.search.SearchQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The full-text search tables ({@code search.sqlite}, beside the index; see {@link SearchIndexer}):
 * {@code search_docs} holds one row per searchable piece of a record ({@link SearchDocs}) with what
 * a hit names, {@code search_fts} is a contentless SQLite FTS5 index over the pieces' text under
 * the same rowid: the words are indexed, the text itself is not kept (the records hold it; a hit's
 * snippet is cut from its record, see {@link #search}), so the index is a fifth of the size it
 * would be with the text. A trigger removes the words of a removed piece. A piece is a function of
 * its record's id (records are content-hashed), so a piece whose record is gone is only passed over
 * by a search, and serves again if the record comes back.
 *
 * <p>Words are split by FTS5's {@code unicode61} tokenizer (letters and digits; {@code _}, {@code
 * .}, {@code /} separate) and stemmed by {@code porter}, so "fixing" finds "fix". Ranking is FTS5's
 * BM25, a prompt, commit message or hunk's file weighted {@value #TITLE_WEIGHT} times the rest
 * (https://www.sqlite.org/fts5.html#the_bm25_function).
 */
final class SearchTable {
  static final double TITLE_WEIGHT = 3.0;

  /** The version of {@code search.sqlite}'s tables; a file of another is made again. */
  static final int SCHEMA_VERSION = 1;

  static final String[] SCHEMA = {
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_docs(rowid INTEGER PRIMARY KEY, rec BLOB NOT NULL,"
        + " part INTEGER NOT NULL, kind TEXT NOT NULL, ts INTEGER NOT NULL, ref TEXT NOT NULL,"
        + " place TEXT, assistant TEXT, session_id TEXT, UNIQUE(rec, part))",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, body, content='',"
        + " contentless_delete=1, tokenize='porter unicode61')",
    "CREATE TRIGGER IF NOT EXISTS search_docs_removed AFTER DELETE ON search_docs BEGIN"
        + " DELETE FROM search_fts WHERE rowid = old.rowid; END",
  };

  /**
   * Where a hit's snippet is cut: the hit's text, put in this table of the connection's own
   * temporary database, tokenized as the index is, so FTS5 marks the words it matched.
   */
  private static final String SNIPPETS =
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_snippet USING fts5(title, body,"
          + " tokenize='porter unicode61')";

  /**
   * A batch's pieces on their way into {@code search_docs} and {@code search_fts}: emptied once
   * they are indexed.
   */
  private static final String STAGE =
      "CREATE TEMP TABLE IF NOT EXISTS search_stage(rowid INTEGER PRIMARY KEY,"
          + " rec BLOB NOT NULL, part INTEGER NOT NULL, kind TEXT NOT NULL, ts INTEGER NOT NULL,"
          + " ref TEXT NOT NULL, place TEXT, assistant TEXT, session_id TEXT, title TEXT NOT NULL,"
          + " body TEXT NOT NULL)";

  /** The index's records, read-only: attached to the connection under this name. */
  static final String INDEX = "idx";

  /**
   * The text of a record's searchable piece, read from the record: null when the record is no
   * longer stored (its hits are passed over), a piece without text when it cannot be read.
   */
  @FunctionalInterface
  interface Texts {
    SearchDoc of(String recordId, int part) throws java.io.IOException;
  }

  private final Connection db;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  SearchTable(Connection db) {
    this.db = db;
  }

  /**
   * Adds the searchable pieces of indexed records: one whose record is not indexed (any more) or
   * that is there already adds nothing. The pieces go to a temporary table, from which one
   * statement adds the new ones to {@code search_docs} and one indexes their text: FTS5 writes a
   * segment at each statement's savepoint, so a statement per row (as a trigger did) halved the
   * indexing speed.
   */
  void add(List<IndexEntry> entries) throws SQLException {
    statement(STAGE).execute();
    statement("DELETE FROM temp.search_stage").executeUpdate(); // left by a failed add
    PreparedStatement stage =
        statement(
            "INSERT INTO temp.search_stage(rowid, rec, part, kind, ts, ref, place, assistant,"
                + " session_id, title, body) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    stage.clearBatch();
    // each new piece gets the next rowid above the largest, given here: a piece not added leaves
    // its rowid unused, and only the rowids taken are indexed
    long last;
    try (ResultSet rs =
        statement("SELECT coalesce(max(rowid), 0) FROM search_docs").executeQuery()) {
      last = rs.next() ? rs.getLong(1) : 0;
    }
    long next = last;
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (IndexEntry e : entries) {
      byte[] rec = Index.bytes(e.id());
      for (SearchDoc d : e.docs()) {
        if (!seen.add(e.id() + "/" + d.part())) {
          continue; // a piece twice in a batch: once
        }
        next++;
        stage.setLong(1, next);
        stage.setBytes(2, rec);
        stage.setInt(3, d.part());
        stage.setString(4, d.kind().wireName());
        stage.setLong(5, e.ts());
        stage.setString(6, d.key());
        stage.setString(7, d.place());
        stage.setString(8, blankToNull(d.assistant()));
        stage.setString(9, blankToNull(d.sessionId()));
        stage.setString(10, d.title());
        stage.setString(11, d.body());
        stage.addBatch();
      }
    }
    if (next == last) {
      return;
    }
    stage.executeBatch();
    statement(
            "INSERT OR IGNORE INTO search_docs(rowid, rec, part, kind, ts, ref, place, assistant,"
                + " session_id) SELECT s.rowid, s.rec, s.part, s.kind, s.ts, s.ref, s.place,"
                + " s.assistant, s.session_id FROM temp.search_stage s WHERE EXISTS"
                + " (SELECT 1 FROM "
                + INDEX
                + ".records r WHERE r.id = s.rec) ORDER BY s.rowid")
        .executeUpdate();
    // one statement for the batch, in rowid order: FTS5 writes a segment at each statement's end
    statement(
            "INSERT INTO search_fts(rowid, title, body) SELECT s.rowid, s.title, s.body"
                + " FROM temp.search_stage s"
                + " WHERE EXISTS (SELECT 1 FROM search_docs d WHERE d.rowid = s.rowid)"
                + " ORDER BY s.rowid")
        .executeUpdate();
    statement("DELETE FROM temp.search_stage").executeUpdate();
  }

  /**
   * Removes the pieces of the records {@code ids} that are not indexed (a record removed by one
   * store may be stored again by another before this runs).
   */
  void remove(List<String> ids) throws SQLException {
    PreparedStatement ps =
        statement(
            "DELETE FROM search_docs WHERE rec = ?1 AND NOT EXISTS (SELECT 1 FROM "
                + INDEX
                + ".records r WHERE r.id = ?1)");
    for (String id : ids) {
      ps.setBytes(1, Index.bytes(id));
      ps.addBatch();
    }
    ps.executeBatch();
  }

  /**
   * Removes every piece whose record is not indexed: the removals a process did not get to (it was
   * killed first) are not lost, only late.
   */
  int prune() throws SQLException {
    return statement(
            "DELETE FROM search_docs WHERE NOT EXISTS (SELECT 1 FROM "
                + INDEX
                + ".records r WHERE r.id = search_docs.rec)")
        .executeUpdate();
  }

  /**
   * The best hits for {@code q} matching {@code match} (an FTS5 expression, see {@link
   * #expression}), each thing once (a chat stored again when it grew is one hit).
   */
  List<SearchHit> search(SearchQuery q, String match, Texts texts)
      throws SQLException, java.io.IOException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT d.part, d.rec, d.kind, d.ts, d.ref, d.place, d.assistant, d.session_id,"
                + " bm25(search_fts, "
                + TITLE_WEIGHT
                + ", 1.0) AS score FROM search_fts JOIN search_docs d"
                + " ON d.rowid = search_fts.rowid WHERE search_fts MATCH ?"
                // the pieces of records still indexed: one removed may wait for its removal
                + " AND EXISTS (SELECT 1 FROM "
                + INDEX
                + ".records r WHERE r.id = d.rec)");
    List<Object> params = new ArrayList<>();
    params.add(match);
    if (!q.kinds().isEmpty()) {
      StringJoiner in = new StringJoiner(",", " AND d.kind IN (", ")");
      for (SearchKind k : q.kinds()) {
        in.add("?");
        params.add(k.wireName());
      }
      sql.append(in);
    }
    if (q.sinceMillis() != Long.MIN_VALUE) {
      sql.append(" AND d.ts >= ?");
      params.add(q.sinceMillis());
    }
    if (q.assistant() != null) {
      sql.append(" AND d.assistant = ?");
      params.add(q.assistant());
    }
    // a few more than asked, for the copies of one thing dropped below
    sql.append(" ORDER BY score, d.ts DESC LIMIT ?");
    params.add(q.limit() * 2 + 8);
    Map<String, Object[]> best = new LinkedHashMap<>();
    try (PreparedStatement ps = db.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next() && best.size() < q.limit()) {
          String thing = rs.getString(3) + " " + rs.getString(5) + " " + rs.getString(6);
          if (best.containsKey(thing)) {
            continue;
          }
          String rec = Index.hex(rs.getBytes(2));
          SearchDoc text = texts.of(rec, rs.getInt(1));
          if (text == null) {
            continue; // its record is no longer stored (its pieces are on their way out)
          }
          best.put(
              thing,
              new Object[] {
                rs.getInt(1),
                Index.hex(rs.getBytes(2)),
                SearchKind.fromWireName(rs.getString(3)),
                rs.getLong(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getDouble(9),
                text
              });
        }
      }
    }
    List<SearchHit> hits = new ArrayList<>(best.size());
    for (Object[] row : best.values()) {
      hits.add(
          new SearchHit(
              (String) row[1],
              (SearchKind) row[2],
              (String) row[4],
              (String) row[5],
              (Long) row[3],
              (String) row[6],
              (String) row[7],
              snippet(match, (SearchDoc) row[9]),
              (Double) row[8]));
    }
    return hits;
  }

  /**
   * The text of one hit around its matched words (FTS5's {@code snippet}, the column that matches
   * best), cut from its piece's text: made only for the hits kept, not for every row that matched.
   */
  private String snippet(String match, SearchDoc text) throws SQLException {
    if (text == null) {
      return "";
    }
    statement(SNIPPETS).execute();
    statement("DELETE FROM temp.search_snippet").executeUpdate();
    PreparedStatement put =
        statement("INSERT INTO temp.search_snippet(rowid, title, body) VALUES (1, ?, ?)");
    put.setString(1, text.title());
    put.setString(2, text.body());
    put.executeUpdate();
    PreparedStatement ps =
        statement(
            "SELECT snippet(search_snippet, -1, '"
                + SearchHit.MARK_START
                + "', '"
                + SearchHit.MARK_END
                + "', '…', 24) FROM temp.search_snippet WHERE search_snippet MATCH ?");
    ps.setString(1, match);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? oneLine(rs.getString(1)) : "";
    }
  }

  /** A snippet on one line: runs of white space (newlines of a diff or a prompt) as one space. */
  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }

  /**
   * The FTS5 expression of a user's text: each word quoted (so {@code AND}, {@code *}, {@code :} or
   * a quote in it are plain text), all required ({@code any} false) or any one ({@code any} true);
   * null when the text has no word.
   */
  static String expression(String text, boolean any) {
    StringJoiner out = new StringJoiner(any ? " OR " : " ");
    for (String word : text.split("[^\\p{L}\\p{N}]+")) {
      if (!word.isEmpty()) {
        out.add("\"" + word + "\"");
      }
    }
    return out.length() == 0 ? null : out.toString();
  }

  private PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = db.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  void close() throws SQLException {
    for (PreparedStatement ps : statements.values()) {
      ps.close();
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
