package dev.gitml.storage;

/**
 * A chunk file the index has read: {@code path} relative to the data directory, and for an open
 * segment how far it has been read ({@code indexedTo}); a sealed chunk is read whole.
 */
record FileRow(
    long id, String path, String stream, boolean sealed, long size, long mtime, long indexedTo) {}
