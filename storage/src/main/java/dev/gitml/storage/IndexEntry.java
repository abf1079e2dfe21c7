package dev.gitml.storage;

import dev.gitml.storage.chunk.RecordLocation;
import java.util.List;

/**
 * One indexed record: where it is ({@code fileId} and {@code location}) and the columns that stats,
 * export, linking and training query ({@code key}: commit hash, chat or session id, …; {@code
 * replaces}: the key this record makes obsolete, such as the commit an amend replaced; {@code
 * redactions}: the redaction markers it holds, {@code rule=n;…}, null when none; {@code docs}: what
 * full-text search keeps of it).
 */
record IndexEntry(
    String id,
    String stream,
    String type,
    long ts,
    long fileId,
    RecordLocation location,
    boolean sealed,
    String key,
    String sessionId,
    String replaces,
    String redactions,
    List<SearchDoc> docs) {}
