package dev.gitml.agent;

/** The {@code gitml} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = Cli.run(args, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }
}
