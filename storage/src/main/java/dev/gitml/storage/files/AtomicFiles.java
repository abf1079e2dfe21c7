package dev.gitml.storage.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * How gitml writes a file that must never be seen half-written or lost after it said it was
 * written, and how it makes what holds private data readable by its owner only. One place, so every
 * state file, config, model, journal and export gets the same order:
 *
 * <ol>
 *   <li>the content goes to a hidden temporary name beside the file (same file system, so the
 *       rename is atomic), created owner-only;
 *   <li>it is forced to the disk ({@code fsync});
 *   <li>it is renamed over the file: readers see the old file or the new one, never a mix;
 *   <li>the directory is forced, so the rename survives a power cut.
 * </ol>
 *
 * A crash at any step leaves the old file whole (and, at worst, a {@code .tmp} beside it).
 */
public final class AtomicFiles {
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private AtomicFiles() {}

  /** What goes into a file written by {@link #write(Path, Content)}. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code file} whole or not at all, durably. A file that exists keeps its mode (a user's
   * settings file stays as readable as it was); a new one is owner-only.
   */
  public static void write(Path file, byte[] content) throws IOException {
    write(file, out -> out.write(content));
  }

  /** As {@link #write(Path, byte[])}, the content streamed (a model of any size). */
  public static void write(Path file, Content content) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    Set<PosixFilePermission> mode = FILE;
    if (posix(file) && Files.exists(file)) {
      mode = Files.getPosixFilePermissions(file);
    }
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        restrict(tmp, mode);
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        content.writeTo(
            new java.io.FilterOutputStream(out) {
              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
              }

              @Override
              public void close() {
                // the channel is closed after its force, below
              }
            });
        out.flush();
        ch.force(true);
      }
      move(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
    fsyncDirectory(file.toAbsolutePath().getParent());
  }

  /** {@link #write(Path, byte[])} of text in UTF-8. */
  public static void writeString(Path file, String text) throws IOException {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Renames atomically where the file system can, which is everywhere gitml runs. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Makes a rename or delete in {@code dir} durable (a no-op where directories can't be synced).
   */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
        throw e;
      }
    }
  }

  /**
   * Creates {@code dir} and its missing parents, each created one owner-only (0700); the ones that
   * exist are left as they are.
   */
  public static void createPrivateDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      createPrivateDirectories(parent);
    }
    try {
      Files.createDirectory(dir);
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      if (!Files.isDirectory(dir)) {
        throw raced;
      }
      return;
    }
    restrict(dir, DIRECTORY);
  }

  /** Makes an existing directory owner-only (0700): gitml's home, its inbox. */
  public static void makePrivate(Path dir) throws IOException {
    restrict(dir, DIRECTORY);
  }

  /** Opens {@code file} for writing from its start, created owner-only (0600) if missing. */
  public static OutputStream newPrivateOutputStream(Path file) throws IOException {
    OutputStream out =
        Channels.newOutputStream(
            Files.newByteChannel(
                file,
                Set.of(
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)));
    restrict(file, FILE);
    return new BufferedOutputStream(out, 1 << 16);
  }

  /** Sets the mode where the file system has POSIX modes; elsewhere its own defaults apply. */
  public static void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
    if (posix(path)) {
      try {
        Files.setPosixFilePermissions(path, mode);
      } catch (NoSuchFileException gone) {
        // removed meanwhile: nothing to restrict
      }
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
