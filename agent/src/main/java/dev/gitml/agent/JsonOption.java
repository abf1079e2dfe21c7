package dev.gitml.agent;

import picocli.CommandLine.Option;

/** The {@code --json} option of the commands that print a report: one JSON object on stdout. */
public final class JsonOption {
  @Option(
      names = "--json",
      description = "Print one JSON object instead of text (its fields: README, the command).")
  private boolean json;

  public boolean json() {
    return json;
  }
}
