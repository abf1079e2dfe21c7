package dev.gitml.agent;

import dev.gitml.collector.manual.ManualSession;
import dev.gitml.storage.DataDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What {@code gitml chat} and {@code gitml action} share: a value given as {@code -} is read from
 * standard input (once: two such values cannot both be), and the session a record belongs to is the
 * one given, else the manual session open in the repository.
 */
final class ManualInput {
  private final GitmlCommand gitml;
  private boolean stdinTaken;

  ManualInput(GitmlCommand gitml) {
    this.gitml = gitml;
  }

  /** {@code value}, or standard input's whole text when it is {@code -}. */
  String text(String option, String value) throws IOException {
    if (!"-".equals(value)) {
      return value;
    }
    if (stdinTaken) {
      throw new Cli.UsageException(option + ": standard input is read for another value already");
    }
    stdinTaken = true;
    return new String(gitml.in().readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
  }

  /** The session given, else the open manual session's id, else null. */
  static String session(String given, DataDir data) throws IOException {
    if (given != null) {
      if (given.isBlank()) {
        throw new Cli.UsageException("--session: an empty id");
      }
      return given;
    }
    Optional<ManualSession.Open> open = ManualSession.open(data);
    return open.map(ManualSession.Open::sessionId).orElse(null);
  }
}
