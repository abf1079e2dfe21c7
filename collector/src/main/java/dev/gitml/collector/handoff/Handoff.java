package dev.gitml.collector.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.export.Exporter;
import dev.gitml.collector.export.Format;
import dev.gitml.collector.export.Task;
import dev.gitml.collector.redact.RecordScrubber;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.Store;
import dev.gitml.storage.config.Config;
import dev.gitml.storage.json.Mappers;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.Run;
import dev.gitml.storage.record.Timestamps;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Hands the milestones that need a real trainer (commit messages, code suggestions) to one: once a
 * milestone's counts are reached, the data set is exported in Hugging Face form to {@code
 * .git-ml/exports/<milestone>-<date>/} and the command in {@code config.json} ({@code
 * trainer.command}) runs with {@code GITML_DATASET} and {@code GITML_OUTPUT} in its environment,
 * its output in {@code trainer.log} beside the data. Without a command the run is recorded as
 * {@code ready}, which {@code gitml status} shows; with no examples to train on (an imported
 * history has no diffs), as {@code empty}, without running anything. Each hand-off is a record in
 * the {@code runs} stream, so a milestone is handed off once.
 */
public final class Handoff {
  public static final List<String> MILESTONES = List.of("commit_messages", "code_suggestions");

  /** Longest a trainer may run before it is stopped. */
  static final long TIMEOUT_HOURS = 12;

  private static final ObjectMapper JSON = Mappers.JSON;

  /** How a hand-off's run names its model: {@code handoff/commit_messages}. */
  static final String PREFIX = "handoff/";

  /** A hand-off that found nothing to train on. */
  static final String EMPTY = "empty";

  private Handoff() {}

  /**
   * The milestones reached and not handed off yet. One whose last hand-off found nothing to train
   * on ({@code empty}) is due again once there is more of what its examples are made of.
   */
  public static List<String> due(Store store) throws IOException {
    Map<String, dev.gitml.storage.Store.StreamStats> s = store.stats();
    long commits = s.get(RecordType.COMMIT.stream()).keys();
    long sessions = s.get(RecordType.SESSION.stream()).keys();
    long chats = s.get(RecordType.CHAT.stream()).keys();
    long material = material(s);
    java.util.Set<String> done = new java.util.HashSet<>();
    store.scan(
        Run.class,
        r -> {
          Run run = r.data();
          boolean empty = EMPTY.equals(run.status());
          long had = run.params() == null ? 0 : run.params().path("material").asLong();
          if (!empty || had >= material) {
            done.add(run.model());
          }
        });
    return MILESTONES.stream()
        .filter(
            m -> {
              Config.Milestone need = store.config().milestones().get(m);
              return need != null
                  && commits >= need.commits()
                  && sessions >= need.sessions()
                  && chats >= need.chats()
                  && !done.contains(PREFIX + m);
            })
        .toList();
  }

  /** Stops a trainer and what it started (sh -c leaves its children behind otherwise). */
  private static void stop(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  /** What the hand-off data sets are made of: commits captured with their diffs, and chats. */
  private static long material(Map<String, dev.gitml.storage.Store.StreamStats> s) {
    return s.get(RecordType.COMMIT_FULL.stream()).keys() + s.get(RecordType.CHAT.stream()).keys();
  }

  /** A hand-off as {@code gitml status} shows it. */
  public record Outcome(String milestone, String status, String message) {}

  /** Every hand-off recorded, oldest first. */
  public static List<Outcome> outcomes(Store store) throws IOException {
    List<Outcome> out = new java.util.ArrayList<>();
    store.scan(
        Run.class,
        r -> {
          Run run = r.data();
          if (run.model().startsWith(PREFIX)) {
            out.add(
                new Outcome(
                    run.model().substring(PREFIX.length()),
                    run.status(),
                    run.message() == null ? "" : run.message()));
          }
        });
    return out;
  }

  /** Exports the data set of {@code milestone} and runs the trainer; returns the run. */
  public static Run run(Store store, String milestone, Clock clock) throws IOException {
    long started = clock.millis();
    Path repo = store.dir().root().getParent();
    Path dataset =
        store
            .dir()
            .exports()
            .resolve(
                milestone.replace('_', '-')
                    + "-"
                    + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    List<Task> tasks =
        milestone.equals("commit_messages")
            ? List.of(Task.COMMIT_MESSAGE)
            : List.of(Task.CHAT, Task.COMMIT_MESSAGE);
    // replaces only an earlier hand-off of the same day that holds nothing gitml did not write
    Exporter.Result exported =
        Exporter.run(
            store,
            new Exporter.Options(Format.HF, tasks, dataset, 42, 0, 0, null, true),
            new Exporter.Surroundings(
                repo, null, Path.of(System.getProperty("user.home")), null, clock));
    ObjectNode counts = JSON.valueToTree(exported.counts());
    JsonNode command = store.config().trainer().path("command");
    String status;
    String message;
    boolean interrupted = false;
    ObjectNode params = JSON.createObjectNode().put("dataset", dataset.toString());
    if (exported.total() == 0) {
      // nothing a trainer could learn from: no data set, no trainer run
      Exporter.delete(dataset, Format.HF);
      params.put("material", material(store.stats()));
      status = EMPTY;
      message =
          "no examples yet: commit messages are learned from commits captured with their"
              + " diffs (an imported history has none), code suggestions also from chats";
    } else if (!command.isTextual() || command.textValue().isBlank()) {
      status = "ready";
      message = "data set ready at " + dataset + " (set trainer.command in config.json to train)";
    } else {
      Path output = store.dir().models().resolve(milestone.replace('_', '-'));
      Files.createDirectories(output);
      params.put("command", command.textValue()).put("output", output.toString());
      // owner-only as the data is, and listed in the export's marker as gitml's
      Path log = Exporter.addFile(dataset, "trainer.log");
      ProcessBuilder pb =
          new ProcessBuilder("sh", "-c", command.textValue())
              .directory(repo.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().put("GITML_DATASET", dataset.toString());
      pb.environment().put("GITML_OUTPUT", output.toString());
      pb.environment().put("GITML_IN_HOOK", "1");
      Process p = pb.start();
      try {
        if (!p.waitFor(TIMEOUT_HOURS, TimeUnit.HOURS)) {
          stop(p);
          status = "failed";
          message = "stopped after " + TIMEOUT_HOURS + " h";
        } else {
          status = p.exitValue() == 0 ? "ok" : "failed";
          message = "exit " + p.exitValue() + ", log " + log;
        }
      } catch (InterruptedException e) {
        // the daemon is stopping: the trainer goes with it, and the run says so
        stop(p);
        interrupted = true;
        status = "failed";
        message = "stopped with the daemon (interrupted), log " + log;
      }
    }
    Run run =
        new Run(
            PREFIX + milestone,
            Timestamps.iso(started),
            Timestamps.iso(clock.millis()),
            status,
            params,
            counts,
            null,
            message);
    // recorded before the interrupt is restored: an interrupted thread cannot write a file;
    // redacted like every record, since runs are shared (the command may carry a token)
    store.append(List.of(new RecordScrubber(Redactor.configured(store.config())).record(run)));
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return run;
  }
}
