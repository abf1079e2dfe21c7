package dev.gitml.agent;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A gitml subcommand at any depth ({@code gitml daemon flush} as well as {@code gitml stats}): it
 * reaches the run (environment, clock, streams, the repository) through the root of its command
 * line, so no command walks its parents.
 */
public abstract class GitmlSubcommand {
  @Spec private CommandSpec commandSpec;

  /** The run this command belongs to. */
  protected GitmlCommand gitml() {
    return (GitmlCommand) commandSpec.root().userObject();
  }

  /** This command's own model (its usage, for a command that only groups others). */
  protected CommandSpec commandSpec() {
    return commandSpec;
  }
}
