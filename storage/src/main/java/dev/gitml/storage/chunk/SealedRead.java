package dev.gitml.storage.chunk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every record line of a sealed chunk that can still be trusted, damaged or not, and counts
 * the ones lost. A block that passes its CRC32C and zstd checksum is trusted whole; the lines of a
 * damaged block (decoded as far as it goes) are trusted one by one only if the caller's {@link
 * Chunks.LineCheck} passes them (a record's id is the hash of its content). With the footer the
 * loss is exact (its record count less the lines read); without it, a lower bound.
 */
final class SealedRead {
  /** Sees each block that passed its checks, with its footer entry and its line count. */
  @FunctionalInterface
  interface BlockHook {
    void block(int index, byte[] raw, BlockEntry entry, int lines);
  }

  private final String label;
  private final Chunks.LineCheck check;
  private final LineVisitor visitor;
  private final List<String> damage = new ArrayList<>();
  private long records;

  /** Records lost for certain: lines that fail the check, torn lines, pieces that decode empty. */
  private long lost;

  private boolean unverified;

  private SealedRead(String label, Chunks.LineCheck check, LineVisitor visitor) {
    this.label = label;
    this.check = check;
    this.visitor = visitor;
  }

  static Chunks.ReadResult read(
      Path file, String label, Chunks.LineCheck check, LineVisitor visitor, BlockHook hook)
      throws IOException {
    SealedRead read = new SealedRead(label, check, visitor);
    ChunkReader r;
    try {
      r = ChunkReader.open(file, label);
    } catch (ChunkFormatException e) {
      read.damage.add(read.strip(e.getMessage()));
      return read.walk(Files.readAllBytes(file));
    }
    try (r) {
      for (int b = 0; b < r.blockCount(); b++) {
        byte[] raw;
        try {
          raw = r.readBlock(b);
        } catch (ChunkFormatException e) {
          read.damage.add(read.strip(e.getMessage()));
          read.checked(
              b, ChunkSalvage.decodePart(r.readFrame(b), 0, r.block(b).compressedLength()));
          continue;
        }
        hook.block(b, raw, r.block(b), read.whole(b, raw));
      }
      long total = r.records();
      return read.result(Math.max(read.lost, total - read.records), total >= read.records);
    }
  }

  /**
   * The bytes of block {@code block} of a chunk whose footer is unreadable, as {@link #read} saw
   * them.
   */
  static byte[] walkBlock(Path file, String label, int block) throws IOException {
    byte[][] found = {null};
    ChunkSalvage.walk(
        Files.readAllBytes(file),
        label,
        (b, raw, verified) -> {
          if (b == block) {
            found[0] = raw;
          }
        });
    if (found[0] == null) {
      throw new ChunkFormatException("chunk " + label + ": no block " + block);
    }
    return found[0];
  }

  private Chunks.ReadResult walk(byte[] bytes) throws IOException {
    ChunkSalvage.Walk w =
        ChunkSalvage.walk(
            bytes,
            label,
            (b, raw, verified) -> {
              if (verified) {
                whole(b, raw);
              } else {
                checked(b, raw);
              }
            });
    damage.addAll(w.damage());
    long certain = lost + w.lostAtLeast();
    if (w.footerRecords() >= records + certain) {
      return result(w.footerRecords() - records, true);
    }
    boolean everyBlockWhole = !unverified && certain == 0 && w.footerBlocks() == w.wholeBlocks();
    return result(certain, everyBlockWhole);
  }

  /** Visits the lines of a block that passed its checksums; returns how many. */
  private int whole(int block, byte[] raw) throws IOException {
    int[] n = {0};
    int end =
        Chunks.forEachLine(
            raw,
            block,
            (at, buf, off, len) -> {
              n[0]++;
              visitor.line(at, buf, off, len);
            });
    if (end != raw.length) {
      damage.add("block " + block + " ends inside a line");
      lost++;
    }
    records += n[0];
    return n[0];
  }

  /** Visits the lines of a damaged block that pass the caller's check; counts the rest lost. */
  private void checked(int block, byte[] raw) throws IOException {
    unverified = true;
    int end =
        Chunks.forEachLine(
            raw,
            block,
            (at, buf, off, len) -> {
              if (check.sound(buf, off, len)) {
                records++;
                visitor.line(at, buf, off, len);
              } else {
                lost++;
              }
            });
    // a block holds at least one record: one that decodes to nothing, or to a torn line, lost it
    if (raw.length == 0 || end != raw.length) {
      lost++;
    }
  }

  private Chunks.ReadResult result(long lostRecords, boolean exact) {
    return new Chunks.ReadResult(label, records, lostRecords, exact, List.copyOf(damage));
  }

  private String strip(String message) {
    String prefix = "chunk " + label + ": ";
    return message != null && message.startsWith(prefix)
        ? message.substring(prefix.length())
        : String.valueOf(message);
  }
}
