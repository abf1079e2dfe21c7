package dev.gitml.agent;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the gitml command line, with its output captured. */
record CliRun(int exit, String out, String err) {
  static CliRun of(String... args) {
    return withInput("", args);
  }

  /** A run that reads {@code stdin} as its standard input. */
  static CliRun withInput(String stdin, String... args) {
    return with(System.getenv(), stdin, args);
  }

  /** A run in the environment {@code env}. */
  static CliRun with(java.util.Map<String, String> env, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code =
          Cli.run(
              args,
              new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
              o,
              e,
              env);
    }
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
