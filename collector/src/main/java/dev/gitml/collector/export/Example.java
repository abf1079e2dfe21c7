package dev.gitml.collector.export;

import java.util.List;

/**
 * One training example (docs/formats.md, exports): {@code {type, timestamp, input, output, context:
 * {files, tools_used}}}, the split it belongs to, and in an export of many repositories the name of
 * the one it came from ({@code repo}, its partition; null in an export of one).
 */
public record Example(
    String type,
    String timestamp,
    String input,
    String output,
    List<String> files,
    List<String> toolsUsed,
    String split,
    String repo) {

  /** An example of a one-repository export. */
  public Example(
      String type,
      String timestamp,
      String input,
      String output,
      List<String> files,
      List<String> toolsUsed,
      String split) {
    this(type, timestamp, input, output, files, toolsUsed, split, null);
  }

  /** This example, from the repository named {@code name}, in the split {@code to}. */
  Example in(String name, String to) {
    return new Example(type, timestamp, input, output, files, toolsUsed, to, name);
  }
}
