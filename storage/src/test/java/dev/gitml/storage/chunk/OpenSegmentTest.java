package dev.gitml.storage.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSegmentTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void recoverTail_tornLastLine_truncatesAndKeepsEarlierRecords() throws Exception {
    Path seg = dir.resolve("open-x.jsonl");
    Chunks.append(seg, List.of(b("{\"a\":1}"), b("{\"a\":2}")));
    Files.write(seg, b("{\"a\":3, \"tor"), StandardOpenOption.APPEND);

    long cut = Chunks.recoverTail(seg);

    assertEquals(12, cut);
    assertEquals("{\"a\":1}\n{\"a\":2}\n", Files.readString(seg));
  }

  @Test
  void scanOpen_tornLastLine_visitsOnlyCompleteLinesAndReturnsTheirEnd() throws Exception {
    Path seg = dir.resolve("open-x.jsonl");
    Chunks.append(seg, List.of(b("{\"a\":1}"), b("{\"a\":2}")));
    Files.write(seg, b("{\"a\":3"), StandardOpenOption.APPEND);
    List<String> seen = new ArrayList<>();

    long end = Chunks.scanOpen(seg, 0, (at, buf, off, len) -> seen.add(new String(buf, off, len)));

    assertEquals(List.of("{\"a\":1}", "{\"a\":2}"), seen);
    assertEquals(16, end);
  }

  @Test
  void scanOpen_fromOffset_visitsOnlyLaterLines() throws Exception {
    Path seg = dir.resolve("open-x.jsonl");
    List<RecordLocation> at = Chunks.append(seg, List.of(b("{\"a\":1}"), b("{\"a\":2}")));
    List<String> seen = new ArrayList<>();

    Chunks.scanOpen(
        seg, at.get(1).offset(), (l, buf, off, len) -> seen.add(new String(buf, off, len)));

    assertEquals(List.of("{\"a\":2}"), seen);
    assertEquals(8, at.get(1).offset());
  }

  @Test
  void scanOpen_lineLongerThanTheReadWindow_isReadWhole() throws Exception {
    Path seg = dir.resolve("open-x.jsonl");
    String big = "{\"x\":\"" + "y".repeat(3 * 1024 * 1024) + "\"}";
    Chunks.append(seg, List.of(b("{}"), b(big), b("{}")));
    List<Integer> lengths = new ArrayList<>();

    Chunks.scanOpen(seg, 0, (at, buf, off, len) -> lengths.add(len));

    assertEquals(List.of(2, big.length(), 2), lengths);
  }
}
