package dev.gitml.collector.export;

import java.util.List;

/**
 * One training example (docs/formats.md, exports): {@code {type, timestamp, input, output, context:
 * {files, tools_used}}}, and the split it belongs to. A commit example also says whether the commit
 * was reverted and its CI result (null when unknown), training signals of its quality.
 */
public record Example(
    String type,
    String timestamp,
    String input,
    String output,
    List<String> files,
    List<String> toolsUsed,
    String split,
    Boolean reverted,
    String ciResult) {

  /** An example without commit signals (a chat). */
  public Example(
      String type,
      String timestamp,
      String input,
      String output,
      List<String> files,
      List<String> toolsUsed,
      String split) {
    this(type, timestamp, input, output, files, toolsUsed, split, null, null);
  }
}
