package dev.gitml.collector.export;

import java.util.List;

/**
 * One training example (docs/formats.md, exports): {@code {type, timestamp, input, output, context:
 * {files, tools_used}}}, the split it belongs to, and in an export of many repositories the name of
 * the one it came from ({@code repo}, its partition; null in an export of one). A commit example
 * also says whether the commit was reverted and its CI result (null when unknown), training signals
 * of its quality.
 */
public record Example(
    String type,
    String timestamp,
    String input,
    String output,
    List<String> files,
    List<String> toolsUsed,
    String split,
    String repo,
    Boolean reverted,
    String ciResult) {

  /** An example of a one-repository export, without commit signals (a chat). */
  public Example(
      String type,
      String timestamp,
      String input,
      String output,
      List<String> files,
      List<String> toolsUsed,
      String split) {
    this(type, timestamp, input, output, files, toolsUsed, split, null, null, null);
  }

  /** A commit example of a one-repository export, with its signals. */
  public Example(
      String type,
      String timestamp,
      String input,
      String output,
      List<String> files,
      List<String> toolsUsed,
      String split,
      Boolean reverted,
      String ciResult) {
    this(type, timestamp, input, output, files, toolsUsed, split, null, reverted, ciResult);
  }

  /** This example, from the repository named {@code name}, in the split {@code to}. */
  Example in(String name, String to) {
    return new Example(
        type, timestamp, input, output, files, toolsUsed, to, name, reverted, ciResult);
  }
}
