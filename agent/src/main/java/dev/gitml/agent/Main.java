package dev.gitml.agent;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The {@code gitml} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    WarmUp.start();
    // UTF-8 whatever the locale (Java 17 follows LANG, and LANG=C would turn every non-ASCII
    // character of a JSON answer into '?'); stdout buffered, flushed by streaming commands and
    // at exit.
    PrintStream out =
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
            false,
            StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int code = Cli.run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
