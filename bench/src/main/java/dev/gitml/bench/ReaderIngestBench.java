package dev.gitml.bench;

/**
 * Issue 16: every transcript reader's ingest side by side in one run, each beside its same-run
 * reference (parsing or reading the same bytes alone): Claude Code ({@link TranscriptBench}),
 * Aider, Cline and Copilot ({@link AssistantTranscriptBench}), OpenCode and Cursor ({@link
 * OpenCodeCursorBench}). The ratios compare across machines and loads; the MB/s only within a run.
 * Arguments name the readers to run, of {@code claude aider cline copilot opencode-tree opencode-db
 * cursor-transcript cursor-db} (none: all).
 */
public final class ReaderIngestBench {
  private ReaderIngestBench() {}

  public static void main(String[] args) throws Exception {
    TranscriptBench.main(args);
    AssistantTranscriptBench.main(args);
    OpenCodeCursorBench.main(args);
  }
}
