package dev.gitml.collector.export;

import java.util.List;

/**
 * One training example (docs/formats.md, exports): {@code {type, timestamp, input, output, context:
 * {files, tools_used}}}, and the split it belongs to.
 */
public record Example(
    String type,
    String timestamp,
    String input,
    String output,
    List<String> files,
    List<String> toolsUsed,
    String split) {}
