package dev.gitml.collector.ci;

import dev.gitml.storage.record.CiResult;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a CI job's environment says about the run: the provider's own variables (GitHub Actions:
 * {@code GITHUB_SHA}, {@code GITHUB_WORKFLOW}, {@code GITHUB_JOB}, {@code GITHUB_RUN_ID}; GitLab
 * CI: {@code CI_COMMIT_SHA}, {@code CI_PIPELINE_ID}, {@code CI_JOB_NAME}) and those the Python
 * collector's {@code ci autocapture} read ({@code CI_RESULT}, {@code CI_TESTS_PASSED}, {@code
 * CI_TESTS_FAILED}, {@code CI_COVERAGE}, {@code CI_DURATION}). A value that does not parse is
 * reported and left out, as the Python tool did.
 */
public record CiEnvironment(
    String provider,
    String commit,
    String workflow,
    String job,
    String runId,
    String result,
    Integer testsPassed,
    Integer testsFailed,
    Double coverage,
    Double durationSeconds) {

  /** Reads {@code env}; {@code problem} hears of each value left out. */
  public static CiEnvironment read(Map<String, String> env, Consumer<String> problem) {
    boolean github = present(env, "GITHUB_SHA") || "true".equals(env.get("GITHUB_ACTIONS"));
    boolean gitlab = !github && (present(env, "CI_COMMIT_SHA") || present(env, "GITLAB_CI"));
    String provider = github ? "github-actions" : gitlab ? "gitlab-ci" : null;
    String result = value(env, "CI_RESULT");
    if (result != null) {
      result = result.toLowerCase(Locale.ROOT);
      if (!CiResult.RESULTS.contains(result) || result.equals("unknown")) {
        problem.accept("CI_RESULT=" + result + " left out: say pass, fail, error or pending");
        result = null;
      }
    }
    return new CiEnvironment(
        provider,
        github ? value(env, "GITHUB_SHA") : gitlab ? value(env, "CI_COMMIT_SHA") : null,
        github ? value(env, "GITHUB_WORKFLOW") : null,
        github ? value(env, "GITHUB_JOB") : gitlab ? value(env, "CI_JOB_NAME") : null,
        github ? value(env, "GITHUB_RUN_ID") : gitlab ? value(env, "CI_PIPELINE_ID") : null,
        result,
        count(env, "CI_TESTS_PASSED", problem),
        count(env, "CI_TESTS_FAILED", problem),
        real(env, "CI_COVERAGE", problem),
        real(env, "CI_DURATION", problem));
  }

  private static boolean present(Map<String, String> env, String name) {
    return value(env, name) != null;
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static Integer count(Map<String, String> env, String name, Consumer<String> problem) {
    String v = value(env, name);
    if (v == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, with the value
    }
    problem.accept(name + "=" + v + " left out: not a count");
    return null;
  }

  private static Double real(Map<String, String> env, String name, Consumer<String> problem) {
    String v = value(env, name);
    if (v == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(v.endsWith("%") ? v.substring(0, v.length() - 1) : v);
      if (Double.isFinite(d) && d >= 0) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below, with the value
    }
    problem.accept(name + "=" + v + " left out: not a number");
    return null;
  }
}
