package dev.gitml.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.record.StoredRecord;
import dev.gitml.storage.search.SearchKind;
import java.util.ArrayList;
import java.util.List;

/**
 * What the search index keeps of a record: prompts and answers of chats, commit messages, diff
 * hunks (their file, function and changed lines, not the context lines, which an earlier or later
 * hunk holds as changes), sessions' prompts and summaries, tool uses' targets and inputs. Links,
 * feedback and runs are not searched. Everything here is already redacted: records are redacted
 * before they are stored.
 */
final class SearchDocs {
  /** A tool use's input strings kept for search, at most (the record holds at most 1,000 each). */
  private static final int MAX_INPUT_CHARS = 4_000;

  private SearchDocs() {}

  static List<SearchDoc> of(StoredRecord r) {
    JsonNode d = r.data();
    return switch (r.type()) {
      case COMMIT -> one(SearchKind.COMMIT, text(d, "hash"), null, null, text(d, "message"), "");
      case COMMIT_FULL -> hunks(d);
      case CHAT ->
          List.of(
              new SearchDoc(
                  0,
                  SearchKind.CHAT,
                  text(d, "id"),
                  null,
                  text(d, "assistant"),
                  text(d, "session_id"),
                  text(d, "query"),
                  text(d, "response")));
      case SESSION ->
          List.of(
              new SearchDoc(
                  0,
                  SearchKind.SESSION,
                  text(d, "session_id"),
                  null,
                  text(d, "assistant"),
                  text(d, "session_id"),
                  // the prompts are the chats' too: weighted as body, a chat ranks first
                  "",
                  lines(d.get("queries")) + text(d, "summary")));
      case ACTION ->
          List.of(
              new SearchDoc(
                  0,
                  SearchKind.ACTION,
                  text(d, "id"),
                  null,
                  null,
                  text(d, "session_id"),
                  (text(d, "tool") + " " + text(d, "target")).strip(),
                  inputText(d.get("input"))));
      case LINK, FEEDBACK, RUN, CI, PULL_REQUEST, ISSUE -> List.of();
    };
  }

  private static List<SearchDoc> one(
      SearchKind kind, String key, String assistant, String session, String title, String body) {
    if (key.isEmpty()) {
      return List.of();
    }
    return List.of(new SearchDoc(0, kind, key, null, assistant, session, title, body));
  }

  private static List<SearchDoc> hunks(JsonNode d) {
    String hash = text(d, "hash");
    JsonNode hunks = d.get("hunks");
    if (hash.isEmpty() || hunks == null || !hunks.isArray()) {
      return List.of();
    }
    List<SearchDoc> out = new ArrayList<>(hunks.size());
    int part = 0;
    for (JsonNode h : hunks) {
      String file = text(h, "file");
      String function = text(h, "function");
      StringBuilder body = new StringBuilder();
      appendLines(body, h.get("lines_added"));
      appendLines(body, h.get("lines_removed"));
      String place = file + ":" + Math.max(1, h.path("start_line").asInt(1));
      out.add(
          new SearchDoc(
              part++,
              SearchKind.DIFF,
              hash,
              place,
              null,
              null,
              function.isEmpty() ? file : file + " " + function,
              body.toString()));
    }
    return out;
  }

  /** The string values of a tool's input (a shell command, a pattern, an edit), bounded. */
  private static String inputText(JsonNode input) {
    StringBuilder sb = new StringBuilder();
    if (input != null && input.isObject()) {
      for (JsonNode v : input) {
        if (v.isTextual()) {
          if (sb.length() > 0) {
            sb.append('\n');
          }
          sb.append(v.textValue(), 0, Math.min(v.textValue().length(), MAX_INPUT_CHARS));
          if (sb.length() >= MAX_INPUT_CHARS) {
            break;
          }
        }
      }
    }
    return sb.toString();
  }

  private static String lines(JsonNode array) {
    StringBuilder sb = new StringBuilder();
    appendLines(sb, array);
    return sb.toString();
  }

  private static void appendLines(StringBuilder sb, JsonNode array) {
    if (array == null || !array.isArray()) {
      return;
    }
    for (JsonNode line : array) {
      if (line.isTextual()) {
        sb.append(line.textValue()).append('\n');
      }
    }
  }

  private static String text(JsonNode d, String field) {
    JsonNode n = d.get(field);
    return n == null || !n.isTextual() ? "" : n.textValue();
  }
}
