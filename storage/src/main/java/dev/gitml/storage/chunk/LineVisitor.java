package dev.gitml.storage.chunk;

import java.io.IOException;

/** Receives the record lines of a chunk or segment, without their newlines. */
@FunctionalInterface
public interface LineVisitor {
  void line(RecordLocation at, byte[] buf, int offset, int length) throws IOException;
}
