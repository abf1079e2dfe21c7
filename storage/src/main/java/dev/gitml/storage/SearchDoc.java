package dev.gitml.storage;

import dev.gitml.storage.search.SearchKind;

/**
 * One searchable piece of a record (a record gives one, a full commit one per hunk): {@code part}
 * numbers the pieces of a record, {@code key} and {@code place} say what a hit on it names, {@code
 * title} is the text weighted more (a prompt, a commit message, a hunk's file), {@code body} the
 * rest.
 */
record SearchDoc(
    int part,
    SearchKind kind,
    String key,
    String place,
    String assistant,
    String sessionId,
    String title,
    String body) {}
