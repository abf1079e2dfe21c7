package dev.gitml.collector.daemon;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command line a client asks the daemon to run: its working directory, its arguments and its
 * environment. On the socket (docs/architecture.md) it is the line {@code run}, then these as
 * fields each ended by a NUL byte (which no argument, path or variable can hold): the directory,
 * the number of arguments, the arguments, then {@code NAME=value} for each variable.
 */
public record CommandRequest(Path cwd, List<String> args, Map<String, String> env) {
  /** The first line of a request to run a command, before its fields. */
  public static final String VERB = "run";

  public CommandRequest {
    args = List.copyOf(args);
    env = Map.copyOf(env);
  }

  /**
   * The request in {@code fields} (what follows the {@code run} line).
   *
   * @throws IllegalArgumentException when they are not a whole request
   */
  public static CommandRequest parse(byte[] fields) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < fields.length; i++) {
      if (fields[i] == 0) {
        parts.add(new String(fields, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start != fields.length || parts.size() < 2) {
      throw new IllegalArgumentException("a run request needs a directory and an argument count");
    }
    Path cwd = Path.of(parts.get(0));
    if (!cwd.isAbsolute()) {
      throw new IllegalArgumentException("a run request's directory must be absolute: " + cwd);
    }
    int argc;
    try {
      argc = Integer.parseInt(parts.get(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a run request's argument count is not a number");
    }
    if (argc < 0 || 2 + argc > parts.size()) {
      throw new IllegalArgumentException("a run request has fewer arguments than it says");
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (String variable : parts.subList(2 + argc, parts.size())) {
      int eq = variable.indexOf('=');
      if (eq > 0) {
        env.put(variable.substring(0, eq), variable.substring(eq + 1));
      }
    }
    return new CommandRequest(cwd, parts.subList(2, 2 + argc), env);
  }

  /** The fields of this request, as a client sends them after the {@code run} line. */
  public byte[] encode() {
    StringBuilder out = new StringBuilder();
    out.append(cwd).append('\0').append(args.size()).append('\0');
    args.forEach(a -> out.append(a).append('\0'));
    env.forEach((k, v) -> out.append(k).append('=').append(v).append('\0'));
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
