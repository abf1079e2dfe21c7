package dev.gitml.collector.inbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Numeric owners of files, to accept only the events this user's hooks wrote. */
final class Owner {
  private Owner() {}

  /** This process's user id; -1 where the platform has none (then ownership is not checked). */
  static int processUid() {
    try {
      return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    } catch (LinkageError | RuntimeException e) {
      return -1;
    }
  }

  /** The owner's user id of {@code file} (not following a link); -1 where unknown. */
  static int uid(Path file) throws IOException {
    try {
      return (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return -1;
    }
  }
}
