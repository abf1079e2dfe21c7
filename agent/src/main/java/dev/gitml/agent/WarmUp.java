package dev.gitml.agent;

import dev.gitml.storage.Store;

/**
 * Start-up work most commands need, done on the second core while picocli reads the command line:
 * Jackson's mappers (the first costs some 50 ms to build) and SQLite's driver with its native
 * library, exercised once on an in-memory database. Nothing here is required: a command that needs
 * one of these waits for it or does it itself, and a failure shows up there, where it can be
 * reported.
 */
final class WarmUp implements Runnable {
  private static final String[] CLASSES = {
    "dev.gitml.storage.config.Config", "dev.gitml.agent.Json",
  };

  private WarmUp() {}

  static void start() {
    Thread thread = new Thread(new WarmUp(), "gitml-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void run() {
    try {
      ClassLoader loader = WarmUp.class.getClassLoader();
      for (String name : CLASSES) {
        Class.forName(name, true, loader);
      }
      Store.warmUp();
    } catch (Exception | LinkageError e) {
      // The command that needs it meets the same problem and says so.
    }
  }
}
