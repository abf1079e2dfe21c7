package dev.gitml.agent;

import dev.gitml.storage.files.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * A file a command writes where {@code --out} says: written whole and atomically, owner-only, and
 * never in place of something gitml did not write. An existing file is replaced only when it is
 * gitml's own earlier output (its first bytes pass the test given: a note that begins with its
 * heading, a page whose head names it); a folder, a symbolic link, a missing folder or anyone
 * else's file is refused with one line.
 */
final class OutFile {
  /** How much of an existing file is read to recognise gitml's mark. */
  private static final int HEAD = 4_096;

  private OutFile() {}

  /**
   * Writes {@code text} to {@code file}, refusing to replace what {@code ours} does not recognise
   * (from the file's first {@value #HEAD} bytes) as gitml's.
   */
  static void write(Path file, String text, Predicate<String> ours) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new Cli.FailedException("--out " + file + ": no folder " + parent);
    }
    if (Files.isSymbolicLink(file)) {
      throw new Cli.FailedException("--out " + file + ": a symbolic link; name a file of its own");
    }
    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new Cli.FailedException("--out " + file + ": a folder; name the file to write");
    }
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !recognised(file, ours)) {
      throw new Cli.FailedException(
          "--out " + file + ": exists and was not written by gitml; name a new file");
    }
    AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean recognised(Path file, Predicate<String> ours) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file)) {
      return ours.test(new String(in.readNBytes(HEAD), StandardCharsets.UTF_8));
    } catch (IOException unreadable) {
      return false;
    }
  }
}
