package dev.gitml.collector.daemon;

import dev.gitml.collector.inbox.Inbox;
import dev.gitml.storage.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * gitml's per-user state directory: {@code $GITML_HOME}, else {@code
 * ${XDG_STATE_HOME:-~/.local/state}/gitml}. Holds the inbox, the daemon's lock, pid, control
 * socket, log and state file, and the list of repositories set up. Private to the user (0700).
 */
public record GitmlHome(Path dir) {

  /** The home for this environment (docs/formats.md), as the launcher computes it. */
  public static GitmlHome of(Map<String, String> env, String userHome) {
    String explicit = env.get("GITML_HOME");
    if (explicit != null && !explicit.isBlank()) {
      return new GitmlHome(Path.of(explicit).toAbsolutePath());
    }
    String state = env.get("XDG_STATE_HOME");
    Path base =
        state != null && !state.isBlank() ? Path.of(state) : Path.of(userHome, ".local", "state");
    return new GitmlHome(base.resolve("gitml").toAbsolutePath());
  }

  /** The home of this process. */
  public static GitmlHome current() {
    return of(System.getenv(), System.getProperty("user.home"));
  }

  public Inbox inbox() {
    return new Inbox(dir.resolve("inbox"));
  }

  public Path lockFile() {
    return dir.resolve("daemon.lock");
  }

  public Path pidFile() {
    return dir.resolve("daemon.pid");
  }

  public Path socket() {
    return dir.resolve("daemon.sock");
  }

  public Path log() {
    return dir.resolve("daemon.log");
  }

  public Path stateFile() {
    return dir.resolve("state.json");
  }

  /** The event the daemon is processing, to notice one that a daemon died on. */
  public Path inflightFile() {
    return dir.resolve("inflight");
  }

  /** Assistant sessions that reported and have not ended yet. */
  public Path openSessionsFile() {
    return dir.resolve("sessions.json");
  }

  /** The repositories set up with {@code gitml init}, which the daemon serves. */
  public Repositories repositories() {
    return new Repositories(dir.resolve("repositories.json"));
  }

  /** Creates the directory and the inbox, private to the user. */
  public void create() throws IOException {
    AtomicFiles.createPrivateDirectories(dir);
    AtomicFiles.makePrivate(dir);
    inbox().create();
  }
}
