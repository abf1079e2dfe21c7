package dev.gitml.collector.session;

import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM with a small heap by {@link ClaudeTranscriptTest}: ingests the transcript
 * named by its first argument into a fresh data directory under the second, and prints what it
 * stored. It dies with OutOfMemoryError (exit 1 or 3) if the read holds the transcript whole.
 */
final class TranscriptMemoryProbe {
  private TranscriptMemoryProbe() {}

  public static void main(String[] args) throws Exception {
    Path transcript = Path.of(args[0]);
    Path repo = Path.of(args[1]);
    Files.createDirectories(repo);
    DataDir.of(repo).initialize();
    try (Store store = Store.open(DataDir.of(repo))) {
      SessionIngest.Result r =
          new SessionIngest(store, repo, Redactor.standard()).finish(transcript);
      System.out.println(
          "chats=" + r.chats() + " actions=" + r.actions() + " garbage=" + r.garbage());
    }
  }
}
