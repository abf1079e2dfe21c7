package dev.gitml.storage.chunk;

/** One block of a sealed chunk, as its footer describes it. */
record BlockEntry(
    long offset, int compressedLength, int rawLength, int firstRecord, int records, int crc32c) {}
