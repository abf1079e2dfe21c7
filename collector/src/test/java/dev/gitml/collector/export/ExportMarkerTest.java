package dev.gitml.collector.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportMarkerTest {
  @TempDir Path dir;

  @Test
  void write_filesInTheDirectory_listedSortedWithFormatAndTime() throws Exception {
    Files.createDirectories(dir.resolve("data/chat"));
    Files.writeString(dir.resolve("data/chat/train.jsonl"), "{}\n");
    Files.writeString(dir.resolve("README.md"), "card\n");

    ExportMarker.write(dir, Format.CHAT_JSONL, Instant.parse("2026-05-01T10:00:00Z"));

    assertEquals(
        "gitml-export 1\nformat chat-jsonl\nwritten 2026-05-01T10:00:00Z\n"
            + "file README.md\nfile data/chat/train.jsonl\n",
        Files.readString(dir.resolve(ExportMarker.NAME)));
    assertEquals(Optional.of(Set.of("README.md", "data/chat/train.jsonl")), ExportMarker.read(dir));
  }

  @Test
  void read_noMarker_empty() throws Exception {
    assertEquals(Optional.empty(), ExportMarker.read(dir));
  }

  @Test
  void read_newerVersion_refusedWithBothNumbers() throws Exception {
    Files.writeString(dir.resolve(ExportMarker.NAME), "gitml-export 2\nformat hf\n");

    ExportRefusedException e =
        assertThrows(ExportRefusedException.class, () -> ExportMarker.read(dir));

    assertTrue(
        e.getMessage().contains("marker version 2, this gitml reads 1 to 1"), e.getMessage());
  }
}
