package dev.gitml.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.chunk.RecordLocation;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the index keeps of a record besides its location. */
final class IndexColumns {
  private IndexColumns() {}

  /** The columns of a record that do not depend on where it is stored. */
  record Columns(
      String key, String sessionId, String replaces, String redactions, List<SearchDoc> docs) {}

  static Columns of(StoredRecord r) {
    return new Columns(
        key(r),
        text(r.data().get("session_id")),
        replaces(r),
        redactions(r.canonicalData()),
        SearchDocs.of(r));
  }

  /** A record's search pieces alone, for adding them to the index of a record indexed already. */
  static IndexEntry searchEntry(StoredRecord r) {
    return entry(r, new Columns(null, null, null, null, SearchDocs.of(r)), 0, null, false);
  }

  static IndexEntry entry(StoredRecord r, long fileId, RecordLocation at, boolean sealed) {
    return entry(r, of(r), fileId, at, sealed);
  }

  static IndexEntry entry(
      StoredRecord r, Columns c, long fileId, RecordLocation at, boolean sealed) {
    return new IndexEntry(
        r.id(),
        r.type().stream(),
        r.type().wireName(),
        r.ts(),
        fileId,
        at,
        sealed,
        c.key(),
        c.sessionId(),
        c.replaces(),
        c.redactions(),
        c.docs());
  }

  private static final byte[] MARKER = "[REDACTED:".getBytes(StandardCharsets.US_ASCII);

  /**
   * The redaction markers ({@code [REDACTED:<rule>]}, written by the collector's redactor) in a
   * record's canonical bytes, as {@code rule=n;…}; null when there are none.
   */
  static String redactions(byte[] b) {
    Map<String, Integer> counts = null;
    int i = 0;
    while ((i = indexOf(b, i)) >= 0) {
      int start = i + MARKER.length;
      int end = start;
      while (end < b.length && end - start < 80 && b[end] != ']' && b[end] != '"') {
        end++;
      }
      if (end < b.length && b[end] == ']' && end > start) {
        if (counts == null) {
          counts = new TreeMap<>();
        }
        counts.merge(new String(b, start, end - start, StandardCharsets.US_ASCII), 1, Integer::sum);
      }
      i = end;
    }
    if (counts == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    counts.forEach(
        (rule, n) -> sb.append(sb.length() == 0 ? "" : ";").append(rule).append('=').append(n));
    return sb.toString();
  }

  private static int indexOf(byte[] b, int from) {
    outer:
    for (int i = from; i <= b.length - MARKER.length; i++) {
      if (b[i] != '[') {
        continue;
      }
      for (int k = 1; k < MARKER.length; k++) {
        if (b[i + k] != MARKER[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The key a record makes obsolete: the old commit of a {@code supersedes} link. */
  static String replaces(StoredRecord r) {
    if (r.type() != RecordType.LINK
        || !Link.Kind.SUPERSEDES.wireName().equals(text(r.data().get("kind")))) {
      return null;
    }
    return text(r.data().get("to"));
  }

  /**
   * The natural key: commit hash, chat/action id, session id, link source, feedback target, the CI
   * result's commit, the pull request's or issue's number.
   */
  static String key(StoredRecord r) {
    JsonNode d = r.data();
    return switch (r.type()) {
      case COMMIT, COMMIT_FULL -> text(d.get("hash"));
      case CHAT, ACTION -> text(d.get("id"));
      case SESSION -> text(d.get("session_id"));
      case LINK -> text(d.get("from"));
      case FEEDBACK -> text(d.get("target_id"));
      case RUN -> text(d.get("model"));
      case CI -> text(d.get("commit"));
      case PULL_REQUEST, ISSUE -> d.hasNonNull("number") ? d.get("number").asText() : null;
    };
  }

  private static String text(JsonNode n) {
    return n == null || !n.isTextual() ? null : n.textValue();
  }
}
