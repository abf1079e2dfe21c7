package dev.gitml.collector.inbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The durable queue between the hooks and the daemon: a directory of event files
 * ({@code $GITML_HOME/inbox}, 0700). The launcher creates a file and writes it to its end; the
 * daemon reads whole files in the order they were written, and deletes one only after the
 * records it produced are durable. A file that is not an event, or was cut short and is older
 * than {@link #TORN_AFTER_MILLIS}, moves to {@code rejected/} with a {@code .reason} beside it,
 * never retried forever; an event this version cannot handle moves to {@code deferred/}.
 */
public final class Inbox {
  /** A file still without its end marker after this long was cut short (the hook was killed). */
  public static final long TORN_AFTER_MILLIS = 60_000;

  private final Path dir;

  public Inbox(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Creates the inbox, private to the user. */
  public void create() throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
    }
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to tighten
    }
  }

  /** A file waiting in the inbox. */
  public record Entry(Path file, long mtime, boolean complete) {}

  /** The event files, oldest first (by time written, then name). */
  public List<Entry> list() throws IOException {
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.startsWith(".") || !Files.isRegularFile(f)) {
          continue;
        }
        try {
          out.add(new Entry(f, Files.getLastModifiedTime(f).toMillis(),
              Event.complete(Files.readAllBytes(f))));
        } catch (java.nio.file.NoSuchFileException gone) {
          // processed meanwhile
        }
      }
    }
    out.sort(Comparator.comparingLong(Entry::mtime)
        .thenComparing(e -> e.file().getFileName().toString()));
    return out;
  }

  /** How many events wait. */
  public int size() throws IOException {
    return list().size();
  }

  public void delete(Path file) throws IOException {
    Files.deleteIfExists(file);
  }

  /** Moves a file out of the way ({@code rejected} or {@code deferred}) with its reason. */
  public void setAside(Path file, String where, String reason) throws IOException {
    Path target = dir.resolve(where);
    Files.createDirectories(target);
    Path moved = target.resolve(file.getFileName());
    Files.move(file, moved, StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(target.resolve(file.getFileName() + ".reason"), reason + "\n",
        StandardCharsets.UTF_8);
  }
}
