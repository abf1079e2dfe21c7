package dev.gitml.storage.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkFormatTest {
  @TempDir Path dir;

  private static final ChunkOptions SMALL_BLOCKS = new ChunkOptions(4096, 1024, 3);

  private static List<Chunks.Line> lines(int n) {
    List<Chunks.Line> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new Chunks.Line(
              ("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(100) + "\"}")
                  .getBytes(StandardCharsets.UTF_8),
              1767225600000L + i));
    }
    return out;
  }

  private static byte[] jsonl(List<Chunks.Line> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Chunks.Line l : lines) {
      out.writeBytes(l.bytes());
      out.write('\n');
    }
    return out.toByteArray();
  }

  @Test
  void seal_fewLines_writesGoldenHeaderAndFooterAndContentAddressedName() throws Exception {
    List<Chunks.Line> lines = lines(3);

    Chunks.Sealed s = Chunks.seal(dir, lines, ChunkOptions.DEFAULTS);
    byte[] file = Files.readAllBytes(s.file());

    // header: skippable magic 0x184D2A5E, length 12, "GMLC", version 1, flags 0, block size
    assertArrayEquals(
        new byte[] {
          0x5E, 0x2A, 0x4D, 0x18, 12, 0, 0, 0, 'G', 'M', 'L', 'C', 1, 0, 0, 0, 0, 0, 16, 0
        },
        java.util.Arrays.copyOf(file, 20));
    // trailer: footer frame length (8 + 28*1 + 60 = 96) and "GMLF"
    assertArrayEquals(
        new byte[] {96, 0, 0, 0, 'G', 'M', 'L', 'F'},
        java.util.Arrays.copyOfRange(file, file.length - 8, file.length));
    ByteBuffer footer = ByteBuffer.wrap(file, file.length - 96, 96).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0x184D2A5F, footer.getInt());
    assertEquals(88, footer.getInt());
    assertEquals(20L, footer.getLong()); // block 0 offset
    assertEquals(file.length - 96 - 20, footer.getInt()); // compressed length
    assertEquals(jsonl(lines).length, footer.getInt()); // raw length
    String hex =
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(jsonl(lines)));
    assertEquals(
        "202601-" + hex.substring(0, 16) + ".jsonl.zst", s.file().getFileName().toString());
  }

  @Test
  void seal_anyInput_decompressesWithPlainZstdToTheJsonl() throws Exception {
    List<Chunks.Line> lines = lines(50);

    Chunks.Sealed s = Chunks.seal(dir, lines, SMALL_BLOCKS);

    // zstd skips the skippable header and footer frames: `zstd -dc` prints the records.
    byte[] file = Files.readAllBytes(s.file());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var in =
        new com.github.luben.zstd.ZstdInputStream(new java.io.ByteArrayInputStream(file))) {
      in.transferTo(out);
    }
    assertArrayEquals(jsonl(lines), out.toByteArray());
    assertTrue(Zstd.getFrameContentSize(java.util.Arrays.copyOfRange(file, 20, file.length)) > 0);
  }

  @Test
  void scanSealed_manyBlocks_returnsEveryLineWithItsLocation() throws Exception {
    List<Chunks.Line> lines = lines(50);
    Chunks.Sealed s = Chunks.seal(dir, lines, SMALL_BLOCKS);
    List<String> seen = new ArrayList<>();

    Chunks.scanSealed(
        s.file(),
        "t",
        (at, buf, off, len) -> seen.add(new String(buf, off, len, StandardCharsets.UTF_8)));

    assertEquals(50, seen.size());
    for (int i = 0; i < 50; i++) {
      assertEquals(new String(lines.get(i).bytes(), StandardCharsets.UTF_8), seen.get(i));
      assertArrayEquals(lines.get(i).bytes(), Chunks.readLine(s.file(), "t", s.locations().get(i)));
    }
    assertTrue(s.locations().get(49).block() > 3, "small blocks give several blocks");
  }

  @Test
  void verifySealed_flippedLastByteOfABlock_reportsTheChunkAndBlock() throws Exception {
    Chunks.Sealed s = Chunks.seal(dir, lines(50), SMALL_BLOCKS);
    byte[] file = Files.readAllBytes(s.file());
    file[40] ^= 0x01; // inside block 0's compressed frame
    Files.write(s.file(), file);

    List<String> problems =
        Chunks.verifySealed(
            s.file(), "commits/x.jsonl.zst", (buf, off, len) -> false, (a, b, o, l) -> {});

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems
            .get(0)
            .startsWith(
                "chunk commits/x.jsonl.zst: damaged (block 0 (offset 20) fails its CRC32C): "),
        problems.get(0));
  }

  @Test
  void verifySealed_flippedFooterHash_reportsHashMismatch() throws Exception {
    Chunks.Sealed s = Chunks.seal(dir, lines(5), SMALL_BLOCKS);
    byte[] file = Files.readAllBytes(s.file());
    file[file.length - 9] ^= 0x01; // last byte of the footer's SHA-256
    Files.write(s.file(), file);

    List<String> problems =
        Chunks.verifySealed(s.file(), "c", (buf, off, len) -> false, (a, b, o, l) -> {});

    assertEquals(List.of("chunk c: content SHA-256 differs from the footer's"), problems);
  }

  @Test
  void open_newerFormatVersion_failsNamingBothVersions() throws Exception {
    Chunks.Sealed s = Chunks.seal(dir, lines(5), SMALL_BLOCKS);
    byte[] file = Files.readAllBytes(s.file());
    file[12] = 2;
    Files.write(s.file(), file);

    IOException e =
        assertThrows(
            ChunkFormatException.class, () -> Chunks.scanSealed(s.file(), "c", (a, b, o, l) -> {}));
    assertEquals(
        "chunk c: format version 2 not supported (this gitml reads 1 to 1)", e.getMessage());
  }

  @Test
  void scanSealed_truncatedFile_failsNamingTheDamageAndTheSalvage() throws Exception {
    Chunks.Sealed s = Chunks.seal(dir, lines(5), SMALL_BLOCKS);
    byte[] file = Files.readAllBytes(s.file());
    Files.write(s.file(), java.util.Arrays.copyOf(file, file.length - 3));

    IOException e =
        assertThrows(
            ChunkFormatException.class, () -> Chunks.scanSealed(s.file(), "c", (a, b, o, l) -> {}));
    assertEquals(
        "chunk c: damaged (truncated or bad footer; footer damaged or cut off (at offset "
            + (file.length - 96)
            + ")): 5 records salvaged, 0 lost",
        e.getMessage());
  }

  @Test
  void seal_sameContentTwice_sameFileOnce() throws Exception {
    Chunks.Sealed a = Chunks.seal(dir, lines(5), SMALL_BLOCKS);
    Chunks.Sealed b = Chunks.seal(dir, lines(5), SMALL_BLOCKS);

    assertEquals(a.file(), b.file());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }
}
