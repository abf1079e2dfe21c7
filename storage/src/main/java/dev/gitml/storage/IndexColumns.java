package dev.gitml.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.chunk.RecordLocation;
import dev.gitml.storage.index.IndexEntry;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StoredRecord;

/** What the index keeps of a record besides its location. */
final class IndexColumns {
  private IndexColumns() {}

  static IndexEntry entry(StoredRecord r, long fileId, RecordLocation at, boolean sealed) {
    return new IndexEntry(
        r.id(), r.type().stream(), r.type().wireName(), r.ts(), fileId, at, sealed, key(r),
        text(r.data().get("session_id")), replaces(r));
  }

  /** The key a record makes obsolete: the old commit of a {@code supersedes} link. */
  static String replaces(StoredRecord r) {
    if (r.type() != RecordType.LINK || !"supersedes".equals(text(r.data().get("kind")))) {
      return null;
    }
    return text(r.data().get("to"));
  }

  /** The natural key: commit hash, chat/action id, session id, link source, feedback target. */
  static String key(StoredRecord r) {
    JsonNode d = r.data();
    return switch (r.type()) {
      case COMMIT, COMMIT_FULL -> text(d.get("hash"));
      case CHAT, ACTION -> text(d.get("id"));
      case SESSION -> text(d.get("session_id"));
      case LINK -> text(d.get("from"));
      case FEEDBACK -> text(d.get("target_id"));
      case RUN -> text(d.get("model"));
    };
  }

  private static String text(JsonNode n) {
    return n == null || !n.isTextual() ? null : n.textValue();
  }
}
