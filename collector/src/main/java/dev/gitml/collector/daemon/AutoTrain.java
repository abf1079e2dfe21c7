package dev.gitml.collector.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitml.collector.handoff.Handoff;
import dev.gitml.collector.predict.Models;
import dev.gitml.collector.predict.Trainer;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.ErrorText;
import dev.gitml.storage.Store;
import dev.gitml.storage.config.Config;
import dev.gitml.storage.json.Mappers;
import dev.gitml.storage.record.RecordType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Trains the file predictor of a repository once it has the commits of the file-prediction
 * milestone (its sessions and chats are not needed for this model), and again each time {@link
 * #RETRAIN_EVERY} more commits have come in; hands the milestones that need a real trainer to
 * {@link Handoff}.
 */
final class AutoTrain implements AutoCloseable {
  static final int RETRAIN_EVERY = 100;
  private static final ObjectMapper JSON = Mappers.JSON;

  private final Clock clock;
  private final Consumer<String> log;

  /** Hand-offs run here, one at a time, so a long trainer never holds up the inbox. */
  private final java.util.concurrent.ExecutorService handoffs =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "gitml-handoff");
            t.setDaemon(true);
            return t;
          });

  private final java.util.Set<String> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

  AutoTrain(Clock clock, Consumer<String> log) {
    this.clock = clock;
    this.log = log;
  }

  /** Whether a hand-off (a trainer) is running: the daemon does not exit idle meanwhile. */
  boolean busy() {
    return !inFlight.isEmpty();
  }

  /**
   * Stops the hand-offs: a running trainer is stopped and its run recorded as such, so no trainer
   * outlives the daemon unrecorded.
   */
  @Override
  public void close() {
    handoffs.shutdownNow();
    try {
      if (!handoffs.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
        log.accept("a hand-off did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * After records came into {@code repo}: trains the file predictor if due, then starts the
   * hand-offs that are due, both read from one opening of the store. Returns whether it trained.
   */
  boolean afterRecords(Path repo) {
    DataDir dir = DataDir.of(repo);
    if (!dir.exists()) {
      return false;
    }
    try (Store store = Store.open(dir)) {
      boolean trained = train(repo, store);
      handOff(repo, dir, store);
      return trained;
    } catch (IOException | RuntimeException e) {
      log.accept(repo + ": could not read its data: " + ErrorText.of(e));
      return false;
    }
  }

  /** Trains if due; returns whether it did. */
  private boolean train(Path repo, Store store) {
    try {
      Config.Milestone m = store.config().milestones().get("file_prediction");
      long commits = store.stats().get(RecordType.COMMIT.stream()).keys();
      if (m == null || commits < m.commits()) {
        return false;
      }
      Path info = Trainer.dir(store.dir()).resolve("training_info.json");
      if (Files.exists(info)) {
        JsonNode trained = JSON.readTree(Files.readAllBytes(info));
        if (commits - trained.at("/data/stored_commits").asLong() < RETRAIN_EVERY) {
          return false;
        }
      }
      Trainer.Trained t = Trainer.train(store, Models.DEFAULT, clock);
      log.accept(
          repo
              + ": file predictor trained on "
              + t.info().at("/data/commits").asInt()
              + " commits, MRR "
              + t.info().at("/metrics/mrr").asText());
      return true;
    } catch (IOException | RuntimeException e) {
      log.accept(repo + ": training failed: " + ErrorText.of(e));
      return false;
    }
  }

  /**
   * Starts the hand-off of every milestone that is due and not already under way, on the hand-off
   * thread (which opens the store for itself: it outlives this pass).
   */
  private void handOff(Path repo, DataDir dir, Store store) {
    try {
      for (String milestone : Handoff.due(store)) {
        String key = repo + " " + milestone;
        if (!inFlight.add(key)) {
          continue;
        }
        handoffs.submit(
            () -> {
              try (Store s = Store.open(dir)) {
                var run = Handoff.run(s, milestone, clock);
                log.accept(
                    repo
                        + ": "
                        + milestone
                        + " handed off: "
                        + run.status()
                        + ", "
                        + run.message());
              } catch (IOException | RuntimeException e) {
                log.accept(repo + ": hand-off of " + milestone + " failed: " + ErrorText.of(e));
              } finally {
                inFlight.remove(key);
              }
            });
      }
    } catch (IOException | RuntimeException e) {
      log.accept(repo + ": hand-off check failed: " + ErrorText.of(e));
    }
  }
}
