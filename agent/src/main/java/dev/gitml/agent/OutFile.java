package dev.gitml.agent;

import dev.gitml.storage.files.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A file a command writes where {@code --out} says: written whole and atomically, owner-only, and
 * never in place of something gitml did not write. An existing file is replaced only when it is
 * gitml's own earlier output (it begins, within its first bytes, with the mark given); a folder, a
 * symbolic link or anyone else's file is refused with one line.
 */
final class OutFile {
  /** How much of an existing file is read to recognise gitml's mark. */
  private static final int HEAD = 4_096;

  private OutFile() {}

  /**
   * Writes {@code text} to {@code file}, refusing to replace what is not gitml's ({@code mark}).
   */
  static void write(Path file, String text, String mark) throws IOException {
    if (Files.isSymbolicLink(file)) {
      throw new Cli.FailedException("--out " + file + ": a symbolic link; name a file of its own");
    }
    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new Cli.FailedException("--out " + file + ": a folder; name the file to write");
    }
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !ours(file, mark)) {
      throw new Cli.FailedException(
          "--out " + file + ": exists and was not written by gitml; name a new file");
    }
    AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean ours(Path file, String mark) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(HEAD), StandardCharsets.UTF_8).contains(mark);
    } catch (IOException unreadable) {
      return false;
    }
  }
}
