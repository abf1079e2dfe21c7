package dev.gitml.collector.report;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.RecordData;
import dev.gitml.storage.record.RecordMapper;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.Session;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What would make the data set worse to train on: records that do not fit their schema or could not
 * be read, empty or trivial prompts and responses, natural keys stored more than once, chats
 * without a session, how much was redacted (by rule, as the index counted it when the records were
 * stored), and how much is linked.
 */
public final class Quality {
  /** A prompt shorter than this many characters says too little to learn from. */
  static final int TRIVIAL_PROMPT = 10;

  /** A response shorter than this is hardly an answer. */
  static final int TRIVIAL_RESPONSE = 20;

  private Quality() {}

  /** The report; every count is of records or natural keys, as named. */
  public record Report(
      Map<String, Long> schemaProblems,
      List<String> unreadable,
      long emptyPrompts,
      long emptyResponses,
      long trivialPrompts,
      long trivialResponses,
      Map<String, Long> duplicateKeys,
      long chats,
      long chatsWithoutSession,
      Map<String, Long> redactionsByRule,
      long commits,
      long commitsWithSession,
      long chatsWithCommit) {}

  public static Report of(Store store) throws IOException {
    Map<String, Long> schema = new TreeMap<>();
    Set<String> sessions = new HashSet<>();
    store.scan(Session.class, r -> sessions.add(r.data().sessionId()));
    long[] chat = new long[6]; // chats, no session, empty q, empty r, trivial q, trivial r
    Set<String> chatIds = new HashSet<>();
    for (RecordType type : RecordType.values()) {
      // read untyped: a record that does not fit its type is what this report counts
      store.scan(
          type,
          r -> {
            RecordData data;
            try {
              data = RecordMapper.fromData(r.data(), type.payloadType());
            } catch (RuntimeException e) {
              schema.merge(type.stream(), 1L, Long::sum);
              return;
            }
            if (data instanceof Chat c && chatIds.add(c.id())) {
              chat[0]++;
              if (c.sessionId() == null
                  || c.sessionId().isEmpty()
                  || !sessions.contains(c.sessionId())) {
                chat[1]++;
              }
              String q = c.query() == null ? "" : c.query().strip();
              String a = c.response() == null ? "" : c.response().strip();
              chat[2] += q.isEmpty() ? 1 : 0;
              chat[3] += a.isEmpty() ? 1 : 0;
              chat[4] += !q.isEmpty() && q.length() < TRIVIAL_PROMPT ? 1 : 0;
              chat[5] += !a.isEmpty() && a.length() < TRIVIAL_RESPONSE ? 1 : 0;
            }
          });
    }
    Map<String, Long> duplicates = new TreeMap<>();
    for (RecordType type :
        List.of(RecordType.COMMIT, RecordType.COMMIT_FULL, RecordType.CHAT, RecordType.SESSION)) {
      int n = store.repeatedKeys(type).size();
      if (n > 0) {
        duplicates.put(type.stream(), (long) n);
      }
    }
    Linkage linkage = Linkage.of(store);
    long commits = store.stats().get(RecordType.COMMIT.stream()).keys();
    return new Report(
        schema,
        store.problems(),
        chat[2],
        chat[3],
        chat[4],
        chat[5],
        duplicates,
        chat[0],
        chat[1],
        store.redactionsByRule(),
        commits,
        linkage.commitsWithSession(),
        linkage.chatsWithCommit());
  }
}
