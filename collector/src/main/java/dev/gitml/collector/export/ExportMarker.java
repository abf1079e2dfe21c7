package dev.gitml.collector.export;

import dev.gitml.storage.files.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The marker gitml writes into every directory export, {@code .gitml-export}: what tells a later
 * {@code --force} that the directory is gitml's to replace, and which files in it gitml wrote.
 * UTF-8 text, one field a line:
 *
 * <pre>
 * gitml-export 1                  magic and version
 * format hf                       the format written
 * written 2026-05-01T10:00:00Z    when (UTC)
 * file README.md                  each file gitml wrote, relative, '/'-separated, sorted
 * file data/chat/train.jsonl
 * </pre>
 *
 * A directory is replaced only while every file in it is the marker or one it lists: a file the
 * user added (notes, a trainer's output) makes {@code --force} refuse rather than delete it.
 */
final class ExportMarker {
  static final String NAME = ".gitml-export";
  static final String MAGIC = "gitml-export";

  /** Versions this reader understands. */
  static final int MIN_VERSION = 1;

  static final int VERSION = 1;

  private ExportMarker() {}

  /** Writes the marker of {@code dir}, listing every regular file now in it. */
  static void write(Path dir, Format format, Instant written) throws IOException {
    StringBuilder sb =
        new StringBuilder(MAGIC)
            .append(' ')
            .append(VERSION)
            .append('\n')
            .append("format ")
            .append(format.id())
            .append('\n')
            .append("written ")
            .append(written)
            .append('\n');
    for (String f : files(dir)) {
      sb.append("file ").append(f).append('\n');
    }
    AtomicFiles.writeString(dir.resolve(NAME), sb.toString());
  }

  /**
   * The files the marker of {@code dir} lists; empty when {@code dir} has no marker (not an export
   * of gitml's).
   */
  static java.util.Optional<Set<String>> read(Path dir) throws IOException {
    Path marker = dir.resolve(NAME);
    if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
      return java.util.Optional.empty();
    }
    Set<String> listed = new LinkedHashSet<>();
    try (BufferedReader in = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
      String head = in.readLine();
      if (head == null || !head.startsWith(MAGIC + " ")) {
        throw new ExportRefusedException(marker + ": not a gitml export marker");
      }
      int version = parseVersion(marker, head.substring(MAGIC.length() + 1));
      if (version < MIN_VERSION || version > VERSION) {
        throw new ExportRefusedException(
            marker
                + ": marker version "
                + version
                + ", this gitml reads "
                + MIN_VERSION
                + " to "
                + VERSION
                + "; remove it yourself");
      }
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("file ")) {
          listed.add(line.substring(5));
        }
      }
    }
    return java.util.Optional.of(listed);
  }

  /** Adds {@code relative} (a file gitml writes into the export later) to the marker's list. */
  static void add(Path dir, String relative) throws IOException {
    Path marker = dir.resolve(NAME);
    String text = Files.readString(marker, StandardCharsets.UTF_8);
    if (!text.contains("\nfile " + relative + "\n")) {
      AtomicFiles.writeString(marker, text + "file " + relative + "\n");
    }
  }

  /** The regular files under {@code dir} but the marker, relative, '/'-separated, sorted. */
  static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .filter(f -> !f.equals(NAME))
          .sorted()
          .toList();
    }
  }

  private static int parseVersion(Path marker, String value) throws ExportRefusedException {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new ExportRefusedException(marker + ": marker version " + value + " is not a number");
    }
  }
}
