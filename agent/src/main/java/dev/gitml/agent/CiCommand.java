package dev.gitml.agent;

import dev.gitml.collector.ci.CiEnvironment;
import dev.gitml.collector.ci.CiResults;
import dev.gitml.collector.ci.JunitReports;
import dev.gitml.collector.redact.RecordScrubber;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.repo.Revisions;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.CiResult;
import dev.gitml.storage.record.StoredRecord;
import dev.gitml.storage.record.Timestamps;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gitml ci set|get|capture}: CI outcomes per commit, as the Python collector's {@code ci}
 * commands kept them (the latest result of a commit counts).
 */
@Command(
    name = "ci",
    description = "CI results per commit: record one, read one, or capture one in a CI job.",
    subcommands = {CiCommand.Set.class, CiCommand.Get.class, CiCommand.Capture.class})
final class CiCommand extends GitmlSubcommand implements Runnable {

  @Override
  public void run() {
    commandSpec().commandLine().usage(gitml().out());
  }

  /** The commit {@code rev} names, or a usage error. */
  static String commit(GitmlCommand gitml, String rev) throws IOException {
    try (Repository repo = gitml.workspace().openRepository()) {
      return Revisions.commit(repo, rev)
          .orElseThrow(() -> new Cli.UsageException("unknown revision: " + rev));
    }
  }

  static void store(GitmlCommand gitml, Store store, CiResult r) throws IOException {
    RecordScrubber scrubber = new RecordScrubber(Redactor.configured(store.config()));
    store.append(List.of(scrubber.record(r)));
    gitml.out().println("recorded " + describe(r));
  }

  static String describe(CiResult r) {
    StringBuilder sb = new StringBuilder("CI ").append(r.result());
    sb.append(" for ").append(r.commit(), 0, Math.min(12, r.commit().length()));
    if (r.testsPassed() != null || r.testsFailed() != null) {
      sb.append(": ").append(r.testsPassed() == null ? 0 : r.testsPassed()).append(" passed, ");
      sb.append(r.testsFailed() == null ? 0 : r.testsFailed()).append(" failed");
      if (r.testsSkipped() != null && r.testsSkipped() > 0) {
        sb.append(", ").append(r.testsSkipped()).append(" skipped");
      }
    }
    if (r.coverage() != null) {
      sb.append(String.format(Locale.ROOT, ", coverage %.1f%%", r.coverage()));
    }
    if (r.durationSeconds() != null) {
      sb.append(String.format(Locale.ROOT, ", %.1f s", r.durationSeconds()));
    }
    return sb.toString();
  }

  @Command(name = "set", description = "Record a CI result for a commit.")
  static final class Set extends GitmlSubcommand implements Callable<Integer> {
    @Option(names = "--commit", required = true, paramLabel = "REV", description = "The commit.")
    String commit;

    @Option(
        names = "--result",
        required = true,
        paramLabel = "pass|fail|error|pending",
        description = "How the run went.")
    String result;

    @Option(names = "--tests-passed", paramLabel = "N", description = "Tests that passed.")
    Integer testsPassed;

    @Option(names = "--tests-failed", paramLabel = "N", description = "Tests that failed.")
    Integer testsFailed;

    @Option(names = "--coverage", paramLabel = "P", description = "Line coverage, percent.")
    Double coverage;

    @Option(names = "--duration", paramLabel = "S", description = "How long the run took, s.")
    Double duration;

    @Option(
        names = "--message",
        paramLabel = "TEXT",
        description = "A note (what failed; redacted like every text).")
    String message;

    @Override
    public Integer call() throws Exception {
      String r = result.toLowerCase(Locale.ROOT);
      if (!List.of("pass", "fail", "error", "pending").contains(r)) {
        throw new Cli.UsageException("--result: say pass, fail, error or pending");
      }
      if ((testsPassed != null && testsPassed < 0) || (testsFailed != null && testsFailed < 0)) {
        throw new Cli.UsageException("--tests-passed, --tests-failed: a count, 0 or more");
      }
      if ((coverage != null && !(coverage >= 0 && coverage <= 100))
          || (duration != null && !(duration >= 0 && Double.isFinite(duration)))) {
        throw new Cli.UsageException("--coverage: 0 to 100; --duration: seconds, 0 or more");
      }
      GitmlCommand gitml = gitml();
      String hash = commit(gitml, commit);
      try (Store store = gitml.openStore()) {
        store(
            gitml,
            store,
            new CiResult(
                hash,
                r,
                testsPassed,
                testsFailed,
                null,
                coverage,
                duration,
                message,
                null,
                null,
                null,
                null,
                null,
                Timestamps.iso(gitml.clock().millis()),
                "cli"));
      }
      return Cli.OK;
    }
  }

  @Command(name = "get", description = "The CI result that counts for a commit (its latest).")
  static final class Get extends GitmlSubcommand implements Callable<Integer> {
    @Option(names = "--commit", required = true, paramLabel = "REV", description = "The commit.")
    String commit;

    @Mixin JsonOption output;

    @Override
    public Integer call() throws Exception {
      GitmlCommand gitml = gitml();
      String hash = commit(gitml, commit);
      try (Store store = gitml.openStore()) {
        Optional<CiResult> r = CiResults.latest(store, hash);
        if (r.isEmpty()) {
          throw new Cli.FailedException("no CI result for " + hash);
        }
        if (output.json()) {
          Json.print(gitml.out(), StoredRecord.of(r.get()).data());
        } else {
          print(gitml.out(), r.get());
        }
      }
      return Cli.OK;
    }

    private static void print(PrintStream out, CiResult r) {
      out.println(describe(r));
      if (r.provider() != null || r.workflow() != null || r.job() != null) {
        out.println(
            "  run "
                + String.join(
                    " ",
                    java.util.stream.Stream.of(r.provider(), r.workflow(), r.job(), r.runId())
                        .filter(java.util.Objects::nonNull)
                        .toList()));
      }
      out.println("  recorded " + r.timestamp() + " (" + r.source() + ")");
      if (r.message() != null) {
        out.println("  " + r.message());
      }
      if (r.failures() != null) {
        for (CiResult.Failure f : r.failures()) {
          out.println("  failed " + f.name() + (f.message() == null ? "" : ": " + f.message()));
        }
      }
    }
  }

  @Command(
      name = "capture",
      description =
          "In a CI job: record the run's result for its commit, from the provider's environment"
              + " (GITHUB_SHA…, CI_COMMIT_SHA…, CI_RESULT, CI_TESTS_PASSED…) and JUnit reports.")
  static final class Capture extends GitmlSubcommand implements Callable<Integer> {
    @Option(
        names = "--junit",
        paramLabel = "GLOB",
        description = "JUnit XML reports, a glob from the current directory (**/TEST-*.xml).")
    String junit;

    @Option(names = "--message", paramLabel = "TEXT", description = "A note kept with it.")
    String message;

    @Option(
        names = "--commit",
        paramLabel = "REV",
        description = "The commit the run tested (GITHUB_SHA, CI_COMMIT_SHA, else HEAD).")
    String commit;

    @Override
    public Integer call() throws Exception {
      GitmlCommand gitml = gitml();
      CiEnvironment env = CiEnvironment.read(gitml.env(), line -> gitml.err().println(line));
      JunitReports.Totals tests = null;
      if (junit != null) {
        tests = JunitReports.read(gitml.startDirectory(), junit, line -> gitml.err().println(line));
        if (tests.files() == 0) {
          gitml.err().println("no JUnit report read from " + junit);
        }
      }
      String rev = commit != null ? commit : env.commit() != null ? env.commit() : "HEAD";
      String hash = commit(gitml, rev);
      Optional<CiResult> r =
          CiResults.fromJob(hash, env, tests, message, Timestamps.iso(gitml.clock().millis()));
      if (r.isEmpty()) {
        throw new Cli.FailedException(
            "nothing says how the run went: set CI_RESULT=pass|fail|error|pending"
                + " or give --junit reports");
      }
      try (Store store = gitml.openStore()) {
        store(gitml, store, r.get());
      }
      return Cli.OK;
    }
  }
}
