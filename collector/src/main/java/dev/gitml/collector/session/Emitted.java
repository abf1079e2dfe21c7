package dev.gitml.collector.session;

import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.TextFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one read of a transcript hands to its sink, counted, the same for every assistant: a closed
 * chat and then its tool uses, the tool uses that completed before their chat closed, and the
 * session's compaction summaries, kept up to {@link #MAX_SUMMARIES} characters in all.
 */
final class Emitted {
  /** Characters of compaction summaries a session keeps in all. */
  static final int MAX_SUMMARIES = 1 << 20;

  private final TranscriptReader.Sink sink;
  private final List<String> compactions = new ArrayList<>();
  private int compactionChars;
  private int chats;
  private int actions;

  Emitted(TranscriptReader.Sink sink) {
    this.sink = sink;
  }

  /** A closed chat, then the tool uses it still held. */
  void chat(ChatAccumulator closed) throws IOException {
    sink.accept(closed.chat());
    chats++;
    actions(closed.actions());
  }

  /** Tool uses complete before their chat closed: given now, not held until it ends. */
  void completed(ChatAccumulator open) throws IOException {
    actions(open.completedActions());
  }

  private void actions(List<Action> done) throws IOException {
    for (Action a : done) {
      sink.accept(a);
      actions++;
    }
  }

  /** A compaction summary; a blank one, or one past the bound, is not kept. */
  void compaction(String summary) {
    if (!summary.isBlank() && compactionChars < MAX_SUMMARIES) {
      String kept = TextFields.cut(summary, MAX_SUMMARIES - compactionChars);
      compactions.add(kept);
      compactionChars += kept.length();
    }
  }

  List<String> compactions() {
    return compactions;
  }

  int chats() {
    return chats;
  }

  int actions() {
    return actions;
  }
}
