package dev.gitml.storage.chunk;

/**
 * Where a record's line is: in a sealed chunk, block {@code block} at byte {@code offset} of the
 * block's raw content; in an open segment ({@code block == -1}), at byte {@code offset} of the
 * file. {@code length} excludes the newline.
 */
public record RecordLocation(int block, long offset, int length) {
  public static final int OPEN = -1;

  public static RecordLocation open(long offset, int length) {
    return new RecordLocation(OPEN, offset, length);
  }
}
