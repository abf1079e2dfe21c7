package dev.gitml.storage.foreign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForeignDatabaseTest {
  @TempDir Path tmp;

  private Path kv() throws IOException {
    Path f = tmp.resolve("state.vscdb");
    SqliteFiles.execute(
        f, "CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)");
    SqliteFiles.insert(
        f,
        "cursorDiskKV",
        List.of(
            new Object[] {"bubbleId:c1:b2", "{\"n\":2}".getBytes()},
            new Object[] {"bubbleId:c1:b1", "{\"n\":1}"},
            new Object[] {"bubbleId:c10:b1", "{\"n\":3}"},
            new Object[] {"composerData:c1", "{}"}));
    return f;
  }

  @Test
  void isDatabase_sqliteAndText_toldByTheMagic() throws Exception {
    assertTrue(ForeignDatabase.isDatabase(kv()));
    assertFalse(ForeignDatabase.isDatabase(Files.writeString(tmp.resolve("a.jsonl"), "{}\n")));
    assertFalse(ForeignDatabase.isDatabase(tmp));
  }

  @Test
  void keyValues_prefix_onlyThoseKeysInOrderBlobsAsText() throws Exception {
    List<String> seen = new ArrayList<>();
    try (ForeignDatabase db = ForeignDatabase.open(kv())) {
      db.keyValues("cursorDiskKV", "bubbleId:c1:", r -> seen.add(r.text("key") + r.text("value")));
      assertEquals(Optional.of("{}"), db.value("cursorDiskKV", "composerData:c1"));
      assertEquals(Optional.empty(), db.value("cursorDiskKV", "composerData:none"));
      assertTrue(db.hasTable("cursorDiskKV"));
      assertFalse(db.hasTable("ItemTable"));
    }
    assertEquals(List.of("bubbleId:c1:b1{\"n\":1}", "bubbleId:c1:b2{\"n\":2}"), seen);
  }

  @Test
  void keyValuesAndRows_aValueOverTheBound_readAsAbsentTheOthersWhole() throws Exception {
    Path f = kv();
    byte[] huge = new byte[ForeignDatabase.MAX_VALUE + 1];
    java.util.Arrays.fill(huge, (byte) 'x');
    SqliteFiles.insert(f, "cursorDiskKV", List.<Object[]>of(new Object[] {"bubbleId:c1:b3", huge}));
    List<String> seen = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    try (ForeignDatabase db = ForeignDatabase.open(f)) {
      db.keyValues("cursorDiskKV", "bubbleId:c1:", r -> seen.add(r.text("key") + r.text("value")));
      db.rows("cursorDiskKV", "key", r -> rows.add(r.text("key") + "=" + r.text("value")));
    }
    assertEquals(
        List.of("bubbleId:c1:b1{\"n\":1}", "bubbleId:c1:b2{\"n\":2}", "bubbleId:c1:b3null"), seen);
    assertTrue(rows.contains("bubbleId:c1:b3=null"), rows.toString());
    assertTrue(rows.contains("composerData:c1={}"), rows.toString());
  }

  @Test
  void open_readOnly_writesAreRefused() throws Exception {
    Path f = kv();
    byte[] before = Files.readAllBytes(f);
    try (ForeignDatabase db = ForeignDatabase.open(f)) {
      db.rows("cursorDiskKV", "key", r -> {});
    }
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(f)));
  }

  @Test
  void rowsWhere_boundValue_numbersAndText() throws Exception {
    Path f = tmp.resolve("opencode.db");
    SqliteFiles.execute(f, "CREATE TABLE message (id TEXT, session_id TEXT, time_created INTEGER)");
    SqliteFiles.insert(
        f,
        "message",
        List.of(
            new Object[] {"m2", "s1", 20L},
            new Object[] {"m1", "s1", 10L},
            new Object[] {"m3", "s' OR 1=1", 30L}));
    List<String> ids = new ArrayList<>();
    try (ForeignDatabase db = ForeignDatabase.open(f)) {
      db.rowsWhere(
          "message",
          "session_id",
          "s1",
          "time_created",
          r -> ids.add(r.text("id") + r.number("time_created")));
      assertThrows(IllegalArgumentException.class, () -> db.rows("message; DROP", "id", r -> {}));
    }
    assertEquals(List.of("m110", "m220"), ids);
  }

  @Test
  void open_notADatabase_oneClearError() throws Exception {
    Path f = Files.writeString(tmp.resolve("x.db"), "not sqlite at all, just text here.....");
    IOException e = assertThrows(IOException.class, () -> ForeignDatabase.open(f));
    assertTrue(e.getMessage().contains("x.db"), e.getMessage());
  }
}
