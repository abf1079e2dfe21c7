package dev.gitml.collector.history;

import dev.gitml.storage.search.SearchHit;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The answers of search and why as text, for a terminal and for an assistant (the MCP tools return
 * the same text the commands print).
 */
public final class HistoryText {
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

  /** A prompt shown in one line, at most this long. */
  static final int PROMPT_CHARS = 160;

  private HistoryText() {}

  /** {@code ts} (epoch ms) to the minute, in UTC; "-" when unknown (0). */
  public static String time(long ts) {
    return ts <= 0 ? "-" : MINUTE.format(Instant.ofEpochMilli(ts));
  }

  /** {@code ts} (epoch ms) as ISO-8601 in UTC; null when unknown (0). */
  public static String iso(long ts) {
    return ts <= 0 ? null : Instant.ofEpochMilli(ts).toString();
  }

  /** Search hits: one heading line per hit (kind, id, time, repository, assistant), its snippet. */
  public static String hits(List<SearchHit> hits, String repository) {
    if (hits.isEmpty()) {
      return "no match\n";
    }
    StringBuilder sb = new StringBuilder();
    for (SearchHit h : hits) {
      sb.append(String.format("%-7s %s", h.kind().wireName(), shortKey(h)));
      if (h.place() != null) {
        sb.append(' ').append(h.place());
      }
      sb.append("  ").append(time(h.ts())).append("  ").append(repository);
      if (h.assistant() != null) {
        sb.append("  ").append(h.assistant());
      }
      sb.append("\n    ").append(h.snippet()).append('\n');
    }
    return sb.toString();
  }

  /** A commit hash as 12 digits; other ids whole. */
  static String shortKey(SearchHit h) {
    return switch (h.kind()) {
      case COMMIT, DIFF -> h.key().length() > 12 ? h.key().substring(0, 12) : h.key();
      default -> h.key();
    };
  }

  /** {@code gitml why}: each range, its commit and where the commit came from. */
  public static String why(String path, List<Why.Blamed> blamed) {
    StringBuilder sb = new StringBuilder();
    for (Why.Blamed b : blamed) {
      sb.append(path).append(':').append(b.lines()).append('\n');
      change(sb, b.change(), "  ");
      if (!b.earlier().isEmpty()) {
        sb.append("  earlier:\n");
        for (Why.Change c : b.earlier()) {
          change(sb, c, "    ");
        }
      }
    }
    return sb.toString();
  }

  private static void change(StringBuilder sb, Why.Change c, String indent) {
    if (c.hash() == null) {
      sb.append(indent).append("not committed yet\n");
      return;
    }
    sb.append(indent)
        .append("commit ")
        .append(c.hash(), 0, 12)
        .append("  ")
        .append(MINUTE.format(Instant.parse(c.time())))
        .append("  ")
        .append(c.author())
        .append("  ")
        .append(c.subject())
        .append('\n');
    Why.Origin o = c.origin();
    if (o.byHand()) {
      sb.append(indent).append("no session: written by hand\n");
      return;
    }
    sb.append(indent).append("session ").append(o.sessionId());
    if (o.assistant() != null) {
      sb.append(" (").append(o.assistant()).append(')');
    }
    sb.append('\n');
    if (o.chat() == null) {
      sb.append(indent).append("no chat of it is linked to this change of ").append(c.path());
      sb.append('\n');
      return;
    }
    Why.ChatOrigin chat = o.chat();
    sb.append(indent).append("chat ").append(chat.id());
    if (chat.model() != null) {
      sb.append(" (").append(chat.model()).append(')');
    }
    if (o.otherChats() > 0) {
      sb.append(", and ").append(o.otherChats()).append(" earlier chats");
    }
    sb.append('\n')
        .append(indent)
        .append("  prompt: ")
        .append(oneLine(chat.prompt(), PROMPT_CHARS))
        .append('\n');
    for (Why.Edit e : chat.edits()) {
      sb.append(indent)
          .append("  ")
          .append(e.tool())
          .append(' ')
          .append(e.target())
          .append("  ")
          .append(e.timestamp())
          .append('\n');
    }
  }

  /** {@code text} on one line (white space runs as one space), cut to {@code max} characters. */
  public static String oneLine(String text, int max) {
    if (text == null) {
      return "";
    }
    String s = text.replaceAll("\\s+", " ").strip();
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
