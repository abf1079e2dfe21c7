package dev.gitml.storage.search;

import java.util.Objects;
import java.util.Set;

/**
 * A full-text search: {@code text} in words (every word must match, in any order; punctuation is
 * ignored, so a user's text is never read as query syntax), and the filters: the kinds of hit (all
 * when empty), an assistant ({@code claude-code}, …; null for any), records from {@code
 * sinceMillis} on (epoch ms), at most {@code limit} hits.
 */
public record SearchQuery(
    String text, Set<SearchKind> kinds, String assistant, long sinceMillis, int limit) {
  public SearchQuery {
    Objects.requireNonNull(text, "text");
    kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
    if (limit < 1) {
      throw new IllegalArgumentException("limit " + limit + ": at least 1");
    }
  }

  /** Every kind, any assistant, any time, the {@code limit} best hits. */
  public static SearchQuery of(String text, int limit) {
    return new SearchQuery(text, Set.of(), null, Long.MIN_VALUE, limit);
  }
}
