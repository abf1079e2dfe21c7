package dev.gitml.storage.search;

import java.util.Locale;

/** What a search hit is: a prompt and its answer, a commit message, a diff hunk, … */
public enum SearchKind {
  /** A chat: its prompt and the assistant's answer. */
  CHAT,
  /** A commit's message. */
  COMMIT,
  /** One hunk of a commit's diff: its file, function and changed lines. */
  DIFF,
  /** A session: its prompts and compaction summaries. */
  SESSION,
  /** A tool use: the tool, its target and its input (a shell command, a pattern, …). */
  ACTION;

  /** The name on the command line and in JSON: {@code chat}, {@code diff}, … */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named {@code name} ({@code chat}, {@code commit}, …), case-insensitive. */
  public static SearchKind fromWireName(String name) {
    for (SearchKind k : values()) {
      if (k.wireName().equalsIgnoreCase(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown kind '" + name + "' (chat, commit, diff, session or action)");
  }
}
