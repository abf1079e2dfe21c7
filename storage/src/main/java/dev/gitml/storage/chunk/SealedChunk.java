package dev.gitml.storage.chunk;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** What a finished chunk holds: its content-addressed name, hash and sizes. */
record SealedChunk(String fileName, String sha256, int records, long rawBytes, long fileBytes) {
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyyMM").withZone(ZoneOffset.UTC);

  /** {@code <yyyymm of the oldest record>-<first 16 hex of the SHA-256 of the JSONL>.jsonl.zst}. */
  static String fileName(long minTs, String sha256Hex) {
    return MONTH.format(Instant.ofEpochMilli(Math.max(0, minTs)))
        + "-"
        + sha256Hex.substring(0, 16)
        + ChunkConstants.SEALED_SUFFIX;
  }
}
