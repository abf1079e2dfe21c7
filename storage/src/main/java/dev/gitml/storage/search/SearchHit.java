package dev.gitml.storage.search;

import java.util.Objects;

/**
 * One search hit: the record ({@code recordId}, its content hash) and the thing it is ({@code key}:
 * a chat's or tool use's id, a commit's hash, a session's id), {@code place} for a diff hunk
 * ({@code path:line}, null otherwise), when ({@code ts}, epoch ms), the assistant and session when
 * known, a {@code snippet} of the matching text with the matched words between {@link #MARK_START}
 * and {@link #MARK_END}, and the BM25 {@code score} (lower is better, as SQLite's FTS5 gives it).
 */
public record SearchHit(
    String recordId,
    SearchKind kind,
    String key,
    String place,
    long ts,
    String assistant,
    String sessionId,
    String snippet,
    double score) {
  /** Marks where a matched word starts in a snippet. */
  public static final String MARK_START = "**";

  /** Marks where a matched word ends in a snippet. */
  public static final String MARK_END = "**";

  public SearchHit {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    snippet = snippet == null ? "" : snippet;
  }
}
