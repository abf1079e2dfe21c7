package dev.gitml.collector.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gitml.storage.Store;
import dev.gitml.storage.json.Mappers;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Hunk;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.Session;
import dev.gitml.storage.record.Stored;
import dev.gitml.storage.record.StoredRecord;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One stored record, readable: a chat with its tool uses, a commit with its diff, a session with
 * its chats, a tool use with its input; any other record as its JSON.
 */
public final class RecordView {
  /** Which record a name shows when it names several: the fullest. */
  private static final List<RecordType> PREFERRED =
      List.of(
          RecordType.COMMIT_FULL,
          RecordType.COMMIT,
          RecordType.CHAT,
          RecordType.SESSION,
          RecordType.ACTION,
          RecordType.FEEDBACK,
          RecordType.RUN,
          RecordType.LINK);

  private final Store store;

  public RecordView(Store store) {
    this.store = store;
  }

  /**
   * The record {@code name} names (an id, a commit hash or its first 7+ digits, a chat, session or
   * tool use id): of several, the fullest kind, and of one kind the newest version.
   */
  public Optional<StoredRecord> find(String name) throws IOException {
    List<StoredRecord> all = store.find(name);
    for (RecordType type : PREFERRED) {
      StoredRecord newest = null;
      for (StoredRecord r : all) {
        if (r.type() == type) {
          newest = r;
        }
      }
      if (newest != null) {
        return Optional.of(newest);
      }
    }
    return Optional.empty();
  }

  public String text(StoredRecord r) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append(r.type().wireName()).append(' ').append(r.id()).append('\n');
    switch (r.type()) {
      case CHAT -> chat(sb, r.as(Chat.class));
      case COMMIT -> commit(sb, r.as(Commit.class));
      case COMMIT_FULL -> commitFull(sb, r.as(CommitFull.class));
      case SESSION -> session(sb, r.as(Session.class));
      case ACTION -> action(sb, r.as(Action.class));
      default -> sb.append(json(r.data())).append('\n');
    }
    return sb.toString();
  }

  private void chat(StringBuilder sb, Chat c) throws IOException {
    field(sb, "chat", c.id());
    field(sb, "time", c.timestamp());
    field(sb, "session", c.sessionId());
    field(sb, "assistant", c.assistant());
    field(sb, "model", c.model());
    if (!c.filesModified().isEmpty()) {
      field(sb, "modified", String.join(", ", c.filesModified()));
    }
    sb.append("\nprompt:\n").append(indent(c.query())).append("\nresponse:\n");
    sb.append(indent(c.response())).append('\n');
    if (c.sessionId() != null) {
      List<Stored<Action>> uses = actionsDuring(c);
      if (!uses.isEmpty()) {
        sb.append("\ntool uses:\n");
        for (Stored<Action> a : uses) {
          sb.append("  ")
              .append(a.data().tool())
              .append(' ')
              .append(HistoryText.oneLine(a.data().target(), 120))
              .append(Boolean.FALSE.equals(a.data().success()) ? "  (failed)" : "")
              .append('\n');
        }
      }
    }
  }

  /** The session's tool uses from the chat's prompt to the next prompt of the session. */
  private List<Stored<Action>> actionsDuring(Chat c) throws IOException {
    String from = c.timestamp() == null ? "" : c.timestamp();
    String to = null;
    for (Stored<Chat> other : store.ofSession(Chat.class, c.sessionId())) {
      String t = other.data().timestamp();
      if (t != null
          && t.compareTo(from) > 0
          && c.agentId() == null == (other.data().agentId() == null)
          && (to == null || t.compareTo(to) < 0)) {
        to = t;
      }
    }
    String end = to;
    return store.ofSession(Action.class, c.sessionId()).stream()
        .filter(
            a -> {
              String t = a.data().timestamp() == null ? "" : a.data().timestamp();
              return t.compareTo(from) >= 0 && (end == null || t.compareTo(end) < 0);
            })
        .toList();
  }

  private static void commit(StringBuilder sb, Commit c) {
    commitHeader(sb, c.hash(), c.author(), c.timestamp(), c.branch(), c.message());
    sb.append("files: ").append(String.join(", ", c.filesChanged())).append('\n');
  }

  private static void commitFull(StringBuilder sb, CommitFull c) {
    commitHeader(sb, c.hash(), c.author(), c.timestamp(), c.branch(), c.message());
    for (Hunk h : c.hunks()) {
      sb.append("\n--- ").append(h.file()).append(':').append(h.startLine());
      if (h.function() != null) {
        sb.append("  ").append(h.function());
      }
      sb.append('\n');
      h.contextBefore().forEach(l -> sb.append(' ').append(l).append('\n'));
      h.linesRemoved().forEach(l -> sb.append('-').append(l).append('\n'));
      h.linesAdded().forEach(l -> sb.append('+').append(l).append('\n'));
      h.contextAfter().forEach(l -> sb.append(' ').append(l).append('\n'));
    }
    if (c.notes() != null && !c.notes().isEmpty()) {
      sb.append("\nnot diffed: ").append(String.join("; ", c.notes())).append('\n');
    }
  }

  private static void commitHeader(
      StringBuilder sb, String hash, String author, String time, String branch, String message) {
    field(sb, "commit", hash);
    field(sb, "author", author);
    field(sb, "time", time);
    field(sb, "branch", branch);
    sb.append('\n').append(indent(message)).append('\n');
  }

  private void session(StringBuilder sb, Session s) throws IOException {
    field(sb, "session", s.sessionId());
    field(sb, "assistant", s.assistant());
    field(sb, "time", s.started() + " to " + s.ended());
    field(sb, "branch", s.branch());
    sb.append("\nchats:\n");
    for (Stored<Chat> c : store.ofSession(Chat.class, s.sessionId())) {
      if (c.data().agentId() == null) {
        sb.append("  ")
            .append(c.data().id())
            .append("  ")
            .append(c.data().timestamp())
            .append("  ")
            .append(HistoryText.oneLine(c.data().query(), 100))
            .append('\n');
      }
    }
    if (!s.files().isEmpty()) {
      sb.append("\nfiles: ").append(String.join(", ", s.files())).append('\n');
    }
    if (!s.commits().isEmpty()) {
      sb.append("commits: ").append(String.join(", ", s.commits())).append('\n');
    }
  }

  private static void action(StringBuilder sb, Action a) {
    field(sb, "tool use", a.id());
    field(sb, "time", a.timestamp());
    field(sb, "session", a.sessionId());
    field(sb, "tool", a.tool());
    field(sb, "target", a.target());
    if (a.success() != null) {
      field(sb, "success", a.success().toString());
    }
    if (a.input() != null) {
      sb.append("\ninput:\n").append(indent(json(a.input()))).append('\n');
    }
  }

  private static void field(StringBuilder sb, String name, String value) {
    if (value != null && !value.isEmpty()) {
      sb.append(String.format("%-10s %s%n", name + ":", value));
    }
  }

  private static String indent(String text) {
    return text == null ? "" : "    " + text.strip().replace("\n", "\n    ");
  }

  private static String json(Object value) {
    try {
      return Mappers.pretty().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a record always serializes", e);
    }
  }
}
