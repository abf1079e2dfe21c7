package dev.gitml.storage.chunk;

/** How chunks are cut and compressed. */
public record ChunkOptions(long segmentBytes, int blockBytes, int zstdLevel) {
  public static final ChunkOptions DEFAULTS =
      new ChunkOptions(
          ChunkConstants.DEFAULT_SEGMENT_BYTES,
          ChunkConstants.DEFAULT_BLOCK_BYTES,
          ChunkConstants.DEFAULT_ZSTD_LEVEL);

  public ChunkOptions {
    if (segmentBytes < 1024) {
      throw new IllegalArgumentException("segment size must be at least 1 KiB: " + segmentBytes);
    }
    if (blockBytes < 1024 || blockBytes > 64 * 1024 * 1024) {
      throw new IllegalArgumentException("block size must be 1 KiB to 64 MiB: " + blockBytes);
    }
    if (zstdLevel < 1 || zstdLevel > 22) {
      throw new IllegalArgumentException("zstd level must be 1 to 22: " + zstdLevel);
    }
  }
}
