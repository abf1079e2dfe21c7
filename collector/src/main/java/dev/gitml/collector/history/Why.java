package dev.gitml.collector.history;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Session;
import dev.gitml.storage.record.Stored;
import dev.gitml.storage.record.StoredRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where lines came from: the commit that last changed each range (git blame, following renames),
 * and from the stored links the session and the chat that produced that commit, with the tool uses
 * that edited the file; or none, when no session is linked to the commit (written by hand).
 */
public final class Why {
  /** The tools that change a file, across the assistants gitml reads. */
  static final Set<String> EDIT_TOOLS =
      Set.of(
          "Edit",
          "Write",
          "MultiEdit",
          "NotebookEdit",
          "apply_patch",
          "write_file",
          "replace",
          "edit");

  /** Lines {@code first} to {@code last}, 1-based, inclusive. */
  public record Lines(int first, int last) {
    public Lines {
      if (first < 1 || last < first) {
        throw new IllegalArgumentException("lines " + first + "-" + last + ": not a range");
      }
    }

    @Override
    public String toString() {
      return first == last ? Integer.toString(first) : first + "-" + last;
    }
  }

  /** A tool use that edited the file. */
  public record Edit(String tool, String target, String timestamp) {}

  /** The chat that produced a change: its prompt, assistant, model and the edits of the file. */
  public record ChatOrigin(
      String id, String prompt, String assistant, String model, List<Edit> edits) {}

  /**
   * The session a change came from (null {@code sessionId}: none, written by hand), and its chat
   * when one is linked to the commit and modified the file; {@code otherChats} counts the other
   * chats linked to the commit that modified it too.
   */
  public record Origin(String sessionId, String assistant, ChatOrigin chat, int otherChats) {
    public static final Origin BY_HAND = new Origin(null, null, null, 0);

    public boolean byHand() {
      return sessionId == null;
    }
  }

  /**
   * A commit that changed lines: {@code hash} null for lines not committed yet; {@code time} its
   * commit time (ISO-8601, UTC); {@code path} the file's path in that commit (another where it was
   * renamed since).
   */
  public record Change(
      String hash, String author, String time, String subject, String path, Origin origin) {}

  /** A range of lines, the change that last touched it, and with {@code --all} earlier ones. */
  public record Blamed(Lines lines, Change change, List<Change> earlier) {}

  private final Store store;
  private final Origins origins;

  private Why(Store store, Origins origins) {
    this.store = store;
    this.origins = origins;
  }

  /** Answers from the links stored now. */
  public static Why of(Store store) throws IOException {
    return new Why(store, Origins.of(store));
  }

  /** Where {@code change} came from: the chat and session linked to its commit, or by hand. */
  Origin origin(String hash, String path) throws IOException {
    if (hash == null) {
      return Origin.BY_HAND;
    }
    List<Chat> chats = new ArrayList<>();
    for (String chatId : origins.chats(hash)) {
      latest(chatId, Chat.class)
          .filter(c -> c.filesModified().contains(path))
          .ifPresent(chats::add);
    }
    chats.sort(Comparator.comparing(c -> c.timestamp() == null ? "" : c.timestamp()));
    if (!chats.isEmpty()) {
      Chat chat = chats.get(chats.size() - 1);
      ChatOrigin co =
          new ChatOrigin(
              chat.id(), chat.query(), chat.assistant(), chat.model(), edits(chat, path));
      return new Origin(chat.sessionId(), chat.assistant(), co, chats.size() - 1);
    }
    Set<String> sessions = origins.sessions(hash);
    if (sessions.isEmpty()) {
      return Origin.BY_HAND;
    }
    String session = sessions.iterator().next();
    String assistant = latest(session, Session.class).map(Session::assistant).orElse(null);
    return new Origin(session, assistant, null, 0);
  }

  /** The tool uses of the chat's session, during the chat, that edited {@code path}. */
  private List<Edit> edits(Chat chat, String path) throws IOException {
    if (chat.sessionId() == null) {
      return List.of();
    }
    Instant from = instant(chat.timestamp());
    Instant to =
        from == null || chat.durationSeconds() == null
            ? null
            : from.plusMillis((long) (chat.durationSeconds() * 1000) + 1000);
    List<Edit> out = new ArrayList<>();
    for (Stored<Action> s : store.ofSession(Action.class, chat.sessionId())) {
      Action a = s.data();
      Instant at = instant(a.timestamp());
      boolean during =
          from == null || at == null || (!at.isBefore(from) && (to == null || at.isBefore(to)));
      if (path.equals(a.target()) && EDIT_TOOLS.contains(a.tool()) && during) {
        Edit e = new Edit(a.tool(), a.target(), a.timestamp());
        if (!out.contains(e)) {
          out.add(e);
        }
      }
    }
    return out;
  }

  /** The newest stored version of the record named {@code key}, read as {@code type}. */
  private <T extends dev.gitml.storage.record.RecordData> Optional<T> latest(
      String key, Class<T> type) throws IOException {
    T found = null;
    for (StoredRecord r : store.find(key)) {
      if (r.type() == dev.gitml.storage.record.RecordType.of(type)) {
        try {
          found = r.as(type);
        } catch (IllegalArgumentException misfit) {
          // a record that does not fit its type is reported by the store's own reads
        }
      }
    }
    return Optional.ofNullable(found);
  }

  private static Instant instant(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(iso).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** Blames {@code path} (relative to the work tree) and names each range's origin. */
  public List<Blamed> blame(
      org.eclipse.jgit.lib.Repository repo, String path, Lines lines, boolean all)
      throws IOException {
    return new Blame(repo, this).run(path, lines, all);
  }
}
