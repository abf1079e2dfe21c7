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
 * The full-text search tables of the index: {@code search_docs} holds one row per searchable piece
 * of a record ({@link SearchDocs}), {@code search_fts} is an SQLite FTS5 index over its text with
 * {@code search_docs} as its external content (the text is kept once), and two triggers keep the
 * two in step. Rows follow the {@code records} table: added with a record, removed with it; like
 * the rest of the index they are rebuilt from the chunks.
 *
 * <p>Words are split by FTS5's {@code unicode61} tokenizer (letters and digits; {@code _}, {@code
 * .}, {@code /} separate) and stemmed by {@code porter}, so "fixing" finds "fix". Ranking is FTS5's
 * BM25, a prompt, commit message or hunk's file weighted {@value #TITLE_WEIGHT} times the rest
 * (https://www.sqlite.org/fts5.html#the_bm25_function).
 */
final class SearchTable {
  static final double TITLE_WEIGHT = 3.0;

  static final String[] SCHEMA = {
    "CREATE TABLE IF NOT EXISTS search_docs(rowid INTEGER PRIMARY KEY, rec BLOB NOT NULL,"
        + " part INTEGER NOT NULL, kind TEXT NOT NULL, ts INTEGER NOT NULL, ref TEXT NOT NULL,"
        + " place TEXT, assistant TEXT, session_id TEXT, title TEXT NOT NULL,"
        + " body TEXT NOT NULL, UNIQUE(rec, part))",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, body,"
        + " content='search_docs', content_rowid='rowid', tokenize='porter unicode61')",
    "CREATE TRIGGER IF NOT EXISTS search_docs_added AFTER INSERT ON search_docs BEGIN"
        + " INSERT INTO search_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);"
        + " END",
    "CREATE TRIGGER IF NOT EXISTS search_docs_removed AFTER DELETE ON search_docs BEGIN"
        + " INSERT INTO search_fts(search_fts, rowid, title, body)"
        + " VALUES ('delete', old.rowid, old.title, old.body); END",
  };

  /** The tables a schema change drops (the triggers go with {@code search_docs}). */
  static final List<String> TABLES = List.of("search_fts", "search_docs");

  private final Connection db;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  SearchTable(Connection db) {
    this.db = db;
  }

  /** Adds the searchable pieces of indexed records; a record already there is left as it is. */
  void add(List<IndexEntry> entries) throws SQLException {
    PreparedStatement ps =
        statement(
            "INSERT OR IGNORE INTO search_docs(rec, part, kind, ts, ref, place, assistant,"
                + " session_id, title, body) VALUES (?,?,?,?,?,?,?,?,?,?)");
    boolean any = false;
    for (IndexEntry e : entries) {
      for (SearchDoc doc : e.docs()) {
        ps.setBytes(1, Index.bytes(e.id()));
        ps.setInt(2, doc.part());
        ps.setString(3, doc.kind().wireName());
        ps.setLong(4, e.ts());
        ps.setString(5, doc.key());
        ps.setString(6, doc.place());
        ps.setString(7, blankToNull(doc.assistant()));
        ps.setString(8, blankToNull(doc.sessionId()));
        ps.setString(9, doc.title());
        ps.setString(10, doc.body());
        ps.addBatch();
        any = true;
      }
    }
    if (any) {
      ps.executeBatch();
    }
  }

  /** Removes the pieces of one record. */
  void removeRecord(byte[] id) throws SQLException {
    PreparedStatement ps = statement("DELETE FROM search_docs WHERE rec = ?");
    ps.setBytes(1, id);
    ps.executeUpdate();
  }

  /** Removes the pieces of the records located in one file. */
  void removeFile(long fileId) throws SQLException {
    PreparedStatement ps =
        statement(
            "DELETE FROM search_docs WHERE rec IN (SELECT id FROM records WHERE file_id = ?)");
    ps.setLong(1, fileId);
    ps.executeUpdate();
  }

  /** Removes the pieces of a stream's records. */
  void removeStream(String stream) throws SQLException {
    PreparedStatement ps =
        statement("DELETE FROM search_docs WHERE rec IN (SELECT id FROM records WHERE stream = ?)");
    ps.setString(1, stream);
    ps.executeUpdate();
  }

  /**
   * The best hits for {@code q} matching {@code match} (an FTS5 expression, see {@link
   * #expression}), each thing once (a chat stored again when it grew is one hit).
   */
  List<SearchHit> search(SearchQuery q, String match) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT d.rowid, d.rec, d.kind, d.ts, d.ref, d.place, d.assistant, d.session_id,"
                + " bm25(search_fts, "
                + TITLE_WEIGHT
                + ", 1.0) AS score FROM search_fts JOIN search_docs d"
                + " ON d.rowid = search_fts.rowid WHERE search_fts MATCH ?");
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
          best.putIfAbsent(
              thing,
              new Object[] {
                rs.getLong(1),
                Index.hex(rs.getBytes(2)),
                SearchKind.fromWireName(rs.getString(3)),
                rs.getLong(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getDouble(9)
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
              snippet(match, (Long) row[0]),
              (Double) row[8]));
    }
    return hits;
  }

  /**
   * The matching text of one row around its matched words (FTS5's {@code snippet}, the column that
   * matches best): made only for the hits kept, not for every row that matched.
   */
  private String snippet(String match, long rowid) throws SQLException {
    PreparedStatement ps =
        statement(
            "SELECT snippet(search_fts, -1, '"
                + SearchHit.MARK_START
                + "', '"
                + SearchHit.MARK_END
                + "', '…', 24) FROM search_fts WHERE search_fts MATCH ? AND rowid = ?");
    ps.setString(1, match);
    ps.setLong(2, rowid);
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
