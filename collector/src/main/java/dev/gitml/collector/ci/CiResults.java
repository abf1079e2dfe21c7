package dev.gitml.collector.ci;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.CiResult;
import dev.gitml.storage.record.Stored;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads CI results. A commit may have several (a re-run, a second job, a pending then a final one):
 * the one with the latest {@code timestamp} counts, and of equal times the one stored last.
 */
public final class CiResults {
  private CiResults() {}

  /** The result that counts for each commit with one. */
  public static Map<String, CiResult> latestByCommit(Store store) throws IOException {
    Map<String, Stored<CiResult>> latest = new HashMap<>();
    store.scan(
        CiResult.class,
        r -> latest.merge(r.data().commit(), r, (old, now) -> now.ts() >= old.ts() ? now : old));
    Map<String, CiResult> out = new HashMap<>(latest.size() * 2);
    latest.forEach((commit, r) -> out.put(commit, r.data()));
    return out;
  }

  /** The result that counts for {@code commit}, if it has one. */
  public static Optional<CiResult> latest(Store store, String commit) throws IOException {
    return Optional.ofNullable(latestByCommit(store).get(commit));
  }

  /**
   * A CI result from what a job knows: the environment's own values first, then the JUnit totals
   * for what it leaves open. Empty when neither says how the run went.
   */
  public static Optional<CiResult> fromJob(
      String commit, CiEnvironment env, JunitReports.Totals junit, String message, String now) {
    boolean tests = junit != null && junit.files() > 0;
    String result = env.result();
    if (result == null && tests) {
      result = junit.failed() > 0 ? "fail" : "pass";
    }
    if (result == null) {
      return Optional.empty();
    }
    Double duration = env.durationSeconds();
    if (duration == null && tests && junit.seconds() > 0) {
      duration = Math.round(junit.seconds() * 1000) / 1000.0;
    }
    return Optional.of(
        new CiResult(
            commit,
            result,
            env.testsPassed() != null ? env.testsPassed() : tests ? junit.passed() : null,
            env.testsFailed() != null ? env.testsFailed() : tests ? junit.failed() : null,
            tests ? junit.skipped() : null,
            env.coverage(),
            duration,
            message,
            env.provider(),
            env.workflow(),
            env.job(),
            env.runId(),
            tests ? junit.failures() : null,
            now,
            "capture"));
  }
}
