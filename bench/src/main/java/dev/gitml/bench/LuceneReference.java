package dev.gitml.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.record.StoredRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.FSDirectory;

/**
 * Lucene, the other engine the search could have used, over the same documents as gitml's FTS5
 * index (SearchDocs: a commit's message; a hunk's file and changed lines; a chat's prompt and
 * answer), with the same rules: title words (prompt, message, file) weigh three times the body's,
 * every word must match, English stemming without stop words (FTS5's porter tokenizer keeps them).
 * A bench-only dependency: nothing of it ships.
 */
final class LuceneReference implements AutoCloseable {
  private final Path dir;
  private final EnglishAnalyzer analyzer = new EnglishAnalyzer(CharArraySet.EMPTY_SET);
  private FSDirectory index;
  private DirectoryReader reader;
  private IndexSearcher searcher;

  LuceneReference(Path dir) {
    this.dir = dir;
  }

  /** Indexes the records; the seconds it took. */
  double build(List<StoredRecord> records) throws IOException {
    long t = System.nanoTime();
    index = FSDirectory.open(dir);
    IndexWriterConfig config = new IndexWriterConfig(analyzer).setRAMBufferSizeMB(256);
    try (IndexWriter writer = new IndexWriter(index, config)) {
      for (StoredRecord r : records) {
        JsonNode d = r.data();
        switch (r.type()) {
          case COMMIT ->
              writer.addDocument(doc(d.path("hash").asText(), d.path("message").asText(), ""));
          case COMMIT_FULL -> {
            for (JsonNode h : d.path("hunks")) {
              StringBuilder body = new StringBuilder();
              h.path("lines_added").forEach(l -> body.append(l.asText()).append('\n'));
              h.path("lines_removed").forEach(l -> body.append(l.asText()).append('\n'));
              writer.addDocument(
                  doc(d.path("hash").asText(), h.path("file").asText(), body.toString()));
            }
          }
          case CHAT ->
              writer.addDocument(
                  doc(
                      d.path("id").asText(),
                      d.path("query").asText(),
                      d.path("response").asText()));
          default -> {}
        }
      }
      writer.forceMerge(1);
    }
    reader = DirectoryReader.open(index);
    searcher = new IndexSearcher(reader);
    return Bench.seconds(t);
  }

  private static Document doc(String id, String title, String body) {
    Document doc = new Document();
    doc.add(new StoredField("id", id));
    doc.add(new TextField("title", title, Field.Store.NO));
    doc.add(new TextField("body", body, Field.Store.NO));
    return doc;
  }

  /** The ids of the best {@code limit} matches of all the words. */
  List<String> search(String words, int limit) throws Exception {
    MultiFieldQueryParser parser =
        new MultiFieldQueryParser(
            new String[] {"title", "body"}, analyzer, Map.of("title", 3f, "body", 1f));
    parser.setDefaultOperator(QueryParser.Operator.AND);
    Query q = parser.parse(QueryParser.escape(words));
    ScoreDoc[] hits = searcher.search(q, limit).scoreDocs;
    List<String> ids = new java.util.ArrayList<>(hits.length);
    for (ScoreDoc h : hits) {
      ids.add(searcher.storedFields().document(h.doc).get("id"));
    }
    return ids;
  }

  long sizeOnDisk() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      long total = 0;
      for (Path f : files.toList()) {
        total += Files.size(f);
      }
      return total;
    }
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
    }
    if (index != null) {
      index.close();
    }
  }
}
