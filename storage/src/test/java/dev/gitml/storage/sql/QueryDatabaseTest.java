package dev.gitml.storage.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StepTexts;
import dev.gitml.storage.record.StoredRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryDatabaseTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private static StoredRecord chat(String query, String... steps) throws Exception {
    ObjectNode d = JSON.createObjectNode();
    d.put("id", "c1").put("session_id", "s1").put("timestamp", "2026-01-21T06:20:30Z");
    d.put("query", query).put("response", "ok").put("assistant", "claude-code");
    for (String s : steps) {
      d.withArray("steps").addObject().put("kind", "text").put("text", s);
    }
    return StoredRecord.of(RecordType.CHAT, 1768976430000L, d);
  }

  private static List<List<Object>> rows(Path db, String sql) throws Exception {
    List<List<Object>> out = new ArrayList<>();
    QueryDatabase.query(
        db,
        sql,
        new QueryDatabase.Rows() {
          @Override
          public void columns(List<String> names) {}

          @Override
          public void row(List<Object> values) {
            out.add(values);
          }
        });
    return out;
  }

  @Test
  void refresh_chatStoredAgainWhenItGrew_theNewestCopyAndItsStepsOnly() throws Exception {
    DataDir dir = DataDir.of(tmp);
    dir.initialize();
    try (Store store = Store.open(dir)) {
      store.append(List.of(chat("first", "a")));
      store.append(List.of(chat("grown", "a", "b")));

      Path db = QueryDatabase.refresh(store);

      assertEquals(List.of(List.of("grown")), rows(db, "SELECT query FROM chats"));
      assertEquals(
          List.of(List.of(0, "a"), List.of(1, "b")),
          rows(db, "SELECT seq, text FROM steps WHERE chat_id = 'c1' ORDER BY seq"));
    }
  }

  @Test
  void refresh_stepsStoredWithoutTheirTexts_readFromResponseAndToolOutputs() throws Exception {
    DataDir dir = DataDir.of(tmp);
    dir.initialize();
    ObjectNode d = JSON.createObjectNode();
    d.put("id", "c1").put("session_id", "s1").put("timestamp", "2026-01-21T06:20:30Z");
    d.put("query", "q").put("response", "Read it.\n\nFixed 😀.").put("assistant", "aider");
    d.withArray("steps").addObject().put("kind", "text").put("text", "Read it.");
    d.withArray("steps").addObject().put("kind", "tool_call").put("tool", "Edit");
    d.withArray("steps")
        .addObject()
        .put("kind", "tool_result")
        .put("tool", "Edit")
        .put("output", "ok");
    d.withArray("tool_outputs").addObject().put("tool", "Edit").put("output", "ok");
    d.withArray("steps").addObject().put("kind", "text").put("text", "Fixed 😀.");
    try (Store store = Store.open(dir)) {
      store.append(List.of(StoredRecord.of(RecordType.CHAT, 1768976430000L, StepTexts.compact(d))));

      Path db = QueryDatabase.refresh(store);

      assertEquals(
          List.of(List.of(0, "Read it."), List.of(3, "Fixed 😀.")),
          rows(db, "SELECT seq, text FROM steps WHERE kind = 'text' ORDER BY seq"));
      assertEquals(
          List.of(List.of(2, "ok")),
          rows(db, "SELECT seq, output FROM steps WHERE kind = 'tool_result'"));
    }
  }

  @Test
  void query_writeThroughAReturningClause_refusedAndNotWritten() throws Exception {
    DataDir dir = DataDir.of(tmp);
    dir.initialize();
    try (Store store = Store.open(dir)) {
      store.append(List.of(chat("q")));
      Path db = QueryDatabase.refresh(store);

      SqlQueryException e =
          assertThrows(SqlQueryException.class, () -> rows(db, "DELETE FROM chats RETURNING id"));

      assertEquals("the query would write: sql runs read-only queries", e.getMessage());
      assertEquals(List.of(List.of(1)), rows(db, "SELECT count(*) FROM chats"));
    }
  }
}
