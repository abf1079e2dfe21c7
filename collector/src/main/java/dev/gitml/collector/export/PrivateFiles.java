package dev.gitml.collector.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories of an export, readable by their owner only (0600, 0700) as
 * {@code .git-ml/local/} is: an export copies private data. The mode is set explicitly after
 * creation, so the process umask neither widens nor narrows it; everything is created inside the
 * export's temporary directory, itself 0700 from its creation, so no file is readable by others
 * in between.
 */
final class PrivateFiles {
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

  private PrivateFiles() {}

  /** Creates {@code dir} and its missing parents below an existing one, each 0700. */
  static void createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    createDirectories(dir.toAbsolutePath().getParent());
    Files.createDirectory(dir);
    restrict(dir, DIRECTORY);
  }

  /** Opens {@code file} for writing from its start, created 0600 if missing. */
  static OutputStream newOutputStream(Path file) throws IOException {
    OutputStream out = Channels.newOutputStream(Files.newByteChannel(file, Set.of(
        StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)));
    restrict(file, FILE);
    return new BufferedOutputStream(out, 1 << 16);
  }

  static void writeString(Path file, String text) throws IOException {
    try (OutputStream out = newOutputStream(file)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Sets the mode where the file system has POSIX modes; elsewhere its own defaults apply. */
  static void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(path, mode);
    }
  }
}
