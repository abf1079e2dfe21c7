package dev.gitml.collector.inbox;

import dev.gitml.storage.files.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The durable queue between the hooks and the daemon: a directory of event files ({@code
 * $GITML_HOME/inbox}, 0700). The launcher creates a file and writes it to its end; the daemon reads
 * whole files in the order they were written, and deletes one only after the records it produced
 * are durable. A file that is not an event, or was cut short and is older than {@link
 * #TORN_AFTER_MILLIS}, moves to {@code rejected/} with a {@code .reason} beside it, never retried
 * forever; an event this version cannot handle moves to {@code deferred/}.
 *
 * <p>An event names a repository whose commits the daemon reads and stores, so only the daemon's
 * own user may post one: the folder must be the user's and writable by nobody else ({@link
 * #checkPrivate}), and a file owned by anyone else, or that is not a regular file (a symbolic link,
 * a FIFO), is refused ({@link Entry#refusal}).
 */
public final class Inbox {
  /** A file still without its end marker after this long was cut short (the hook was killed). */
  public static final long TORN_AFTER_MILLIS = 60_000;

  public static final String REJECTED = "rejected";
  public static final String DEFERRED = "deferred";
  private static final Set<PosixFilePermission> OTHERS_WRITE =
      Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private final Path dir;
  private final int uid;

  public Inbox(Path dir) {
    this(dir, Owner.processUid());
  }

  Inbox(Path dir, int uid) {
    this.dir = dir;
    this.uid = uid;
  }

  public Path dir() {
    return dir;
  }

  /** Creates the inbox, private to the user. */
  public void create() throws IOException {
    AtomicFiles.createPrivateDirectories(dir);
    AtomicFiles.makePrivate(dir);
  }

  /**
   * Why the inbox cannot be trusted, if it cannot: a folder owned by another user, or a symbolic
   * link. A folder of the user's that others could write to is tightened to 0700 here; the files
   * they may have left in it are refused one by one, by owner.
   */
  public Optional<String> checkPrivate() throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    PosixFileAttributes a;
    try {
      a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      return Optional.empty();
    }
    if (!a.isDirectory()) {
      return Optional.of(dir + ": not a directory (a symbolic link?): no event is read from it");
    }
    int owner = Owner.uid(dir);
    if (uid >= 0 && owner != uid) {
      return Optional.of(
          dir
              + ": owned by uid "
              + owner
              + ", not by this user (uid "
              + uid
              + "): no event is read from it");
    }
    if (a.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
      AtomicFiles.makePrivate(dir);
    }
    return Optional.empty();
  }

  /**
   * A file waiting in the inbox; {@code refusal} says why it must not be read (null when it may).
   */
  public record Entry(Path file, long mtime, boolean complete, String refusal) {}

  /** The event files, oldest first (by time written, then name). */
  public List<Entry> list() throws IOException {
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.startsWith(".") || name.equals(REJECTED) || name.equals(DEFERRED)) {
          continue;
        }
        try {
          out.add(entry(f));
        } catch (NoSuchFileException gone) {
          // processed meanwhile
        }
      }
    }
    out.sort(
        Comparator.comparingLong(Entry::mtime)
            .thenComparing(e -> e.file().getFileName().toString()));
    return out;
  }

  private Entry entry(Path f) throws IOException {
    PosixFileAttributes a =
        Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    long mtime = a.lastModifiedTime().toMillis();
    if (!a.isRegularFile()) {
      return new Entry(
          f,
          mtime,
          false,
          f.getFileName()
              + ": not a regular file ("
              + (a.isSymbolicLink()
                  ? "a symbolic link"
                  : a.isDirectory() ? "a directory" : "a FIFO or device")
              + "): refused");
    }
    int owner = Owner.uid(f);
    if (uid >= 0 && owner >= 0 && owner != uid) {
      return new Entry(
          f,
          mtime,
          false,
          f.getFileName()
              + ": owned by uid "
              + owner
              + ", not by the daemon's user (uid "
              + uid
              + "): refused");
    }
    return new Entry(f, mtime, Event.complete(f), null);
  }

  /** How many events wait. */
  public int size() throws IOException {
    return list().size();
  }

  /** How many events were set aside ({@code rejected} or {@code deferred}). */
  public int setAsideCount(String where) throws IOException {
    Path d = dir.resolve(where);
    if (!Files.isDirectory(d)) {
      return 0;
    }
    int n = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
      for (Path f : files) {
        n += f.getFileName().toString().endsWith(".reason") ? 0 : 1;
      }
    }
    return n;
  }

  public void delete(Path file) throws IOException {
    Files.deleteIfExists(file);
  }

  /**
   * Sets an event aside without its body, from {@code bodyOffset} on: an assistant's hook input
   * holds what the assistant wrote (a whole file, a pasted secret), unredacted, and the session's
   * transcript, read with redaction, still has it. The header stays to say what the event was.
   */
  public void setAsideWithoutBody(Path file, String where, String reason, long bodyOffset)
      throws IOException {
    setAside(file, where, reason);
    Path moved = dir.resolve(where).resolve(file.getFileName());
    try (FileChannel ch =
        FileChannel.open(moved, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      ch.truncate(bodyOffset);
      ch.position(bodyOffset);
      ch.write(
          java.nio.ByteBuffer.wrap(
              "(body dropped: an assistant's input, kept by its transcript)\n"
                  .getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** Moves a file out of the way ({@code rejected} or {@code deferred}) with its reason. */
  public void setAside(Path file, String where, String reason) throws IOException {
    Path target = dir.resolve(where);
    Files.createDirectories(target);
    Path moved = target.resolve(file.getFileName());
    Files.move(file, moved, StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(
        target.resolve(file.getFileName() + ".reason"), reason + "\n", StandardCharsets.UTF_8);
  }
}
