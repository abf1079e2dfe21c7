package dev.gitml.storage.chunk;

/**
 * The sealed chunk format, {@code <stream>/<yyyymm>-<hash16>.jsonl.zst}.
 *
 * <pre>
 * [ header ][ block 0 ][ block 1 ]…[ block n-1 ][ footer ]
 *
 * header: a zstd skippable frame, little-endian like all of zstd's framing (RFC 8878 §3.1.2)
 *   0  u32  magic 0x184D2A5E (skippable)
 *   4  u32  payload length = 12
 *   8  4B   "GMLC"
 *  12  u16  format version
 *  14  u16  flags (0)
 *  16  u32  target raw block size
 *
 * block: one standard zstd frame (content size and XXH64 checksum present) holding whole
 *        JSONL lines, each ending in '\n'. Blocks are independent: reading one record costs
 *        one block's decompression.
 *
 * footer: a zstd skippable frame
 *   0  u32  magic 0x184D2A5F (skippable)
 *   4  u32  payload length = 28 * n + 60
 *   8  n x 28B block entries: u64 offset in file, u32 compressed length, u32 raw length,
 *           u32 first record ordinal, u32 record count, u32 CRC32C of the compressed frame
 *   …  u32  block count n
 *      u64  record count
 *      u64  raw bytes (the JSONL)
 *      32B  SHA-256 of the raw JSONL (the file name carries its first 16 hex digits)
 *      u32  footer frame length, header included (read from the end to find the footer)
 *      4B   "GMLF"
 * </pre>
 *
 * Because header and footer are skippable frames, {@code zstd -dc chunk.jsonl.zst} prints the
 * records as plain JSONL. Readers accept versions {@link #MIN_READ_VERSION} to {@link
 * #MAX_READ_VERSION} and name both in the error otherwise.
 *
 * <p>Damage ({@link ChunkSalvage}, {@link SealedRead}). With a readable footer a damaged block is
 * decoded as far as it goes; without one (a truncated file, a torn footer) the blocks are found by
 * walking the frames from offset {@link #HEADER_LENGTH}, resyncing on the next zstd magic after
 * unreadable bytes. A whole block that passes its CRC32C and XXH64 is trusted; a line from a
 * damaged block is kept only if its record's id is the hash of its content. The loss is exact when
 * the footer's record count (or, cut inside the entries, its block count) survives, else a lower
 * bound ("at least N"). Nothing is silently dropped: verify and reindex report each damaged chunk
 * in one line with its salvaged and lost counts. Reading never rewrites a chunk: {@code gitml
 * chunks verify --repair} (and compaction, when a damaged chunk is among those it merges) writes
 * the salvaged records into a new sealed chunk and moves the damaged file to {@code
 * local/quarantine/<its path>}; gitml never deletes it.
 */
public final class ChunkConstants {
  public static final int HEADER_MAGIC = 0x184D2A5E;
  public static final int FOOTER_MAGIC = 0x184D2A5F;

  /** "GMLC" read as a little-endian u32. */
  public static final int HEADER_TAG = 0x434C4D47;

  /** "GMLF" read as a little-endian u32. */
  public static final int FOOTER_TAG = 0x464C4D47;

  public static final int FORMAT_VERSION = 1;
  public static final int MIN_READ_VERSION = 1;
  public static final int MAX_READ_VERSION = 1;

  public static final int HEADER_LENGTH = 20;
  public static final int BLOCK_ENTRY_LENGTH = 28;

  /** Footer payload bytes besides the block entries. */
  public static final int FOOTER_FIXED_PAYLOAD = 60;

  /** The footer's last 8 bytes: its own length and the "GMLF" tag. */
  public static final int TRAILER_LENGTH = 8;

  public static final String SEALED_SUFFIX = ".jsonl.zst";
  public static final String OPEN_PREFIX = "open-";
  public static final String OPEN_SUFFIX = ".jsonl";
  public static final String TMP_SUFFIX = ".tmp";

  /**
   * Defaults; config.json may change them. 1 MiB blocks at zstd level 9 store real code changes
   * 10.7x smaller than their JSONL while a random read still decompresses only 1 MiB ({@code
   * bench/run.sh CompressionBench --sweep} prints the trade-off).
   */
  public static final int DEFAULT_BLOCK_BYTES = 1024 * 1024;

  public static final long DEFAULT_SEGMENT_BYTES = 4L * 1024 * 1024;
  public static final int DEFAULT_ZSTD_LEVEL = 9;

  private ChunkConstants() {}

  public static boolean isSealedName(String name) {
    return name.endsWith(SEALED_SUFFIX) && !name.startsWith(".");
  }

  public static boolean isOpenName(String name) {
    return name.startsWith(OPEN_PREFIX) && name.endsWith(OPEN_SUFFIX);
  }
}
