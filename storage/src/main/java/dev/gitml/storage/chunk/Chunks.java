package dev.gitml.storage.chunk;

import dev.gitml.storage.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The chunk files of one stream directory: sealing lines into a chunk, scanning and reading sealed
 * chunks and open segments, and checking them. The formats are in {@link ChunkConstants} and {@link
 * OpenSegment}.
 */
public final class Chunks {
  private Chunks() {}

  /** A line to seal, with the time used to name the chunk. */
  public record Line(byte[] bytes, long ts) {}

  /** A chunk written by {@link #seal}: its file and where each line went, in input order. */
  public record Sealed(Path file, String sha256, long rawBytes, List<RecordLocation> locations) {}

  /**
   * A chunk written under a temporary name, fsynced, not yet visible: {@link #publish} renames it
   * to {@code fileName}. Compaction journals pending chunks before publishing them.
   */
  public record Pending(
      Path tmp, String fileName, String sha256, long rawBytes, List<RecordLocation> locations) {}

  /** Writes and publishes a sealed chunk in one step. */
  public static Sealed seal(Path dir, List<Line> lines, ChunkOptions options) throws IOException {
    Pending p = write(dir, lines, options);
    return publish(p);
  }

  /**
   * Writes {@code lines} as a sealed chunk under a temporary name in {@code dir} (ignored by
   * readers), fsynced. Where each line went is in {@link Pending#locations}, in input order.
   */
  public static Pending write(Path dir, List<Line> lines, ChunkOptions options) throws IOException {
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("nothing to seal");
    }
    Path tmp = dir.resolve("." + UUID.randomUUID() + ChunkConstants.TMP_SUFFIX);
    List<RecordLocation> at = new ArrayList<>(lines.size());
    SealedChunk sealed;
    try (ChunkWriter w = new ChunkWriter(tmp, options.blockBytes(), options.zstdLevel())) {
      for (Line line : lines) {
        at.add(w.add(line.bytes(), line.ts()));
      }
      sealed = w.finish();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return new Pending(tmp, sealed.fileName(), sealed.sha256(), sealed.rawBytes(), List.copyOf(at));
  }

  /**
   * Renames a pending chunk to its content-addressed name and syncs the directory. If a chunk of
   * that name exists it holds the same content, and the temporary file is dropped.
   */
  public static Sealed publish(Pending p) throws IOException {
    Path dir = p.tmp().getParent();
    Path target = dir.resolve(p.fileName());
    if (Files.exists(target)) {
      Files.delete(p.tmp());
    } else {
      AtomicFiles.move(p.tmp(), target);
      AtomicFiles.fsyncDirectory(dir);
    }
    return new Sealed(target, p.sha256(), p.rawBytes(), p.locations());
  }

  /** Visits every line of a sealed chunk, block by block; any damage fails the scan. */
  public static void scanSealed(Path file, String label, LineVisitor visitor) throws IOException {
    ReadResult r = readSealed(file, label, (buf, off, len) -> false, visitor);
    if (r.damaged()) {
      throw new ChunkFormatException(r.summary());
    }
  }

  /** Receives a problem found while reading. */
  @FunctionalInterface
  public interface ProblemSink {
    void problem(String message) throws IOException;
  }

  /**
   * Tells whether a line decoded from a damaged block is a sound record. Such a line has passed no
   * checksum, so only the record's own hash can vouch for it.
   */
  @FunctionalInterface
  public interface LineCheck {
    boolean sound(byte[] buf, int offset, int length);
  }

  /**
   * What reading a sealed chunk found: the record lines handed on, the records lost to damage
   * ({@code lostExact} when the footer's count survived to say so, else a lower bound), and the
   * damage, one phrase each.
   */
  public record ReadResult(
      String label, long records, long lost, boolean lostExact, List<String> damage) {
    public boolean damaged() {
      return !damage.isEmpty();
    }

    /** How many records were lost, as far as the chunk tells. */
    public String lostText() {
      if (lostExact) {
        return lost + " lost";
      }
      return (lost == 0 ? "an unknown number" : "at least " + lost)
          + " lost (the footer that counts them is gone)";
    }

    /** One line naming the chunk, its damage and what was saved of it. */
    public String summary() {
      String what =
          damage.size() <= 3
              ? String.join("; ", damage)
              : String.join("; ", damage.subList(0, 3)) + "; " + (damage.size() - 3) + " more";
      return "chunk "
          + label
          + ": damaged ("
          + what
          + "): "
          + records
          + " records salvaged, "
          + lostText();
    }
  }

  /**
   * Visits every record line of a sealed chunk that can be trusted, damaged or not: whole blocks as
   * they are, lines of a damaged block (cut, corrupt, or found without the footer) only when {@code
   * check} passes them. Returns what was read and lost; never throws for damage, only for I/O and
   * for a format version this gitml does not read.
   */
  public static ReadResult readSealed(Path file, String label, LineCheck check, LineVisitor visitor)
      throws IOException {
    return SealedRead.read(file, label, check, visitor, (b, raw, entry, lines) -> {});
  }

  /**
   * Visits every trustworthy line of a sealed chunk (see {@link #readSealed}); a damaged chunk is
   * reported to {@code problems} in one line saying how many records were salvaged and lost.
   */
  public static ReadResult scanSealed(
      Path file, String label, LineCheck check, LineVisitor visitor, ProblemSink problems)
      throws IOException {
    ReadResult r = readSealed(file, label, check, visitor);
    if (r.damaged()) {
      problems.problem(r.summary());
    }
    return r;
  }

  /** Visits the complete lines of an open segment from byte {@code from}; returns the end. */
  public static long scanOpen(Path file, long from, LineVisitor visitor) throws IOException {
    return OpenSegment.scan(file, from, visitor);
  }

  /** Cuts a torn last line off an open segment; returns the bytes cut. */
  public static long recoverTail(Path segment) throws IOException {
    return OpenSegment.recoverTail(segment);
  }

  /** Appends lines to an open segment, fsynced; returns their locations. */
  public static List<RecordLocation> append(Path segment, List<byte[]> lines) throws IOException {
    return OpenSegment.append(segment, lines);
  }

  /** Reads the line at {@code at} from a sealed chunk or an open segment. */
  public static byte[] readLine(Path file, String label, RecordLocation at) throws IOException {
    if (at.block() == RecordLocation.OPEN) {
      return OpenSegment.readLine(file, at);
    }
    return sliceLine(readBlock(file, label, at.block()), at, label);
  }

  /**
   * Decompresses one block of a sealed chunk (for readers that cache blocks). Of a damaged block it
   * returns what decodes, numbered as {@link #readSealed} numbered it, so a record salvaged and
   * indexed from it reads back.
   */
  public static byte[] readBlock(Path file, String label, int block) throws IOException {
    ChunkReader r;
    try {
      r = ChunkReader.open(file, label);
    } catch (ChunkFormatException e) {
      return SealedRead.walkBlock(file, label, block);
    }
    try (r) {
      if (block < 0 || block >= r.blockCount()) {
        return r.readBlock(block);
      }
      try {
        return r.readBlock(block);
      } catch (ChunkFormatException e) {
        return ChunkSalvage.decodePart(r.readFrame(block), 0, r.block(block).compressedLength());
      }
    }
  }

  /** Cuts the line at {@code at} out of a decompressed block. */
  public static byte[] sliceLine(byte[] block, RecordLocation at, String label)
      throws ChunkFormatException {
    long end = at.offset() + at.length();
    if (at.offset() < 0
        || end >= block.length + 1L
        || (end < block.length && block[(int) end] != '\n')) {
      throw new ChunkFormatException(
          "chunk " + label + ": no record at block " + at.block() + " offset " + at.offset());
    }
    return Arrays.copyOfRange(block, (int) at.offset(), (int) end);
  }

  /**
   * Checks a sealed chunk end to end: structure, version, every block's CRC32C and zstd checksum,
   * record counts, the SHA-256 of the content against the footer and the file name. Trustworthy
   * lines (see {@link #readSealed}) are handed to {@code visitor} so the caller can check the
   * records. Returns the problems found, one line each, naming the chunk; a damaged chunk is one
   * line saying how many records can be salvaged and how many are lost.
   */
  public static List<String> verifySealed(
      Path file, String label, LineCheck check, LineVisitor visitor) {
    List<String> problems = new ArrayList<>();
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long[] raw = {0};
      ReadResult read =
          SealedRead.read(
              file,
              label,
              check,
              visitor,
              (b, block, entry, lines) -> {
                sha.update(block);
                raw[0] += block.length;
                if (lines != entry.records()) {
                  problems.add(
                      "chunk "
                          + label
                          + ": block "
                          + b
                          + " holds "
                          + lines
                          + " records, footer says "
                          + entry.records());
                }
              });
      if (read.damaged()) {
        problems.add(0, read.summary());
        return problems;
      }
      try (ChunkReader r = ChunkReader.open(file, label)) {
        String hex = HexFormat.of().formatHex(sha.digest());
        if (!hex.equals(HexFormat.of().formatHex(r.sha256()))) {
          problems.add("chunk " + label + ": content SHA-256 differs from the footer's");
        }
        String name = file.getFileName().toString();
        if (!name.contains("-" + hex.substring(0, 16) + ".")) {
          problems.add(
              "chunk "
                  + label
                  + ": content hash "
                  + hex.substring(0, 16)
                  + " does not match the file name");
        }
        if (read.records() != r.records() || raw[0] != r.rawBytes()) {
          problems.add(
              "chunk "
                  + label
                  + ": holds "
                  + read.records()
                  + " records in "
                  + raw[0]
                  + " bytes, footer says "
                  + r.records()
                  + " in "
                  + r.rawBytes());
        }
      }
    } catch (IOException e) {
      problems.add(
          e.getMessage() != null && e.getMessage().contains(label)
              ? e.getMessage()
              : "chunk " + label + ": " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    return problems;
  }

  /**
   * Visits the complete lines of a decompressed block; returns the offset after the last one (the
   * block's length when it ends with a newline, as every whole block does).
   */
  static int forEachLine(byte[] raw, int block, LineVisitor visitor) throws IOException {
    int start = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '\n') {
        visitor.line(new RecordLocation(block, start, i - start), raw, start, i - start);
        start = i + 1;
      }
    }
    return start;
  }
}
