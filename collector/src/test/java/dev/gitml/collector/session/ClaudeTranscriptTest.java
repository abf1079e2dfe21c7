package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claude Code transcripts of any size, read in bounded memory. */
class ClaudeTranscriptTest {
  @TempDir Path tmp;

  /** A read's records, in the order the reader gave them. */
  private record Read(TranscriptReader.Reading reading, List<Chat> chats, List<Action> actions) {
    long next() {
      return reading.next();
    }

    int garbage() {
      return reading.garbage();
    }
  }

  private static Read read(Path file, long offset, boolean finish) throws IOException {
    List<Chat> chats = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    TranscriptReader.Reading r =
        new ClaudeTranscript()
            .read(
                file,
                offset,
                new PathScope(Path.of(LargeTranscript.CWD), null),
                finish,
                rec -> {
                  if (rec instanceof Chat c) {
                    chats.add(c);
                  } else {
                    actions.add((Action) rec);
                  }
                });
    return new Read(r, chats, actions);
  }

  @Test
  void finish_transcriptLargerThanTheHeap_ingestedWithoutRunningOutOfMemory() throws Exception {
    Path transcript = tmp.resolve("large.jsonl");
    LargeTranscript.write(transcript, 40L << 20, 3); // 40 MB with three 12 MB lines
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
                java.toString(),
                "-Xmx32m",
                "-XX:+UseSerialGC",
                "-Dorg.sqlite.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                TranscriptMemoryProbe.class.getName(),
                transcript.toString(),
                tmp.resolve("repo").toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("probe.log").toFile());
    pb.environment().put("GITML_HOME", tmp.resolve("home").toString());
    Process p = pb.start();
    p.getOutputStream().close();
    boolean done = p.waitFor(10, TimeUnit.MINUTES);
    String log = Files.readString(tmp.resolve("probe.log"));

    assertTrue(done, "probe still running: " + log);
    assertEquals(0, p.exitValue(), "a 40 MB transcript in a 32 MB heap: " + log);
    assertTrue(log.contains("garbage=0"), log);
  }

  @Test
  void read_hugeLines_cutToWhatIsStoredAndLaterLinesRead() throws Exception {
    Path transcript = tmp.resolve("huge.jsonl");
    LargeTranscript.write(transcript, 1, 3);
    // three chats: the first ends with a huge Write's content, a huge result, a huge prompt
    String huge = "y".repeat(LargeTranscript.HUGE);
    String[] hugeLines = {
      "{\"type\":\"assistant\",\"timestamp\":\"2025-06-15T10:00:01Z\",\"message\":{\"id\":\"m1\","
          + "\"content\":[{\"type\":\"tool_use\",\"id\":\"w1\",\"name\":\"Write\",\"input\":"
          + "{\"file_path\":\"/home/dev/project/big.txt\",\"content\":\""
          + huge
          + "\"}}]}}",
      "{\"type\":\"user\",\"timestamp\":\"2025-06-15T10:00:02Z\",\"message\":{\"content\":"
          + "[{\"type\":\"tool_result\",\"tool_use_id\":\"w1\",\"content\":\""
          + huge
          + "\"}]},\"toolUseResult\":{\"filenames\":[\"a.txt\"],\"file\":\""
          + huge
          + "\"}}",
      LargeTranscript.user(1, "u-huge", "paste: " + huge),
      LargeTranscript.user(2, "u-after", "and then?")
    };
    Files.writeString(transcript, String.join("\n", hugeLines) + "\n", StandardOpenOption.APPEND);

    Read r = read(transcript, 0, true);

    assertEquals(0, r.garbage());
    List<Chat> chats = r.chats();
    assertEquals(
        List.of("u-huge", "u-after"),
        chats.subList(chats.size() - 2, chats.size()).stream().map(Chat::id).toList());
    Chat withWrite = chats.get(chats.size() - 3);
    assertTrue(withWrite.filesModified().contains("big.txt"), withWrite.filesModified().toString());
    assertTrue(withWrite.filesReferenced().contains("a.txt"));
    String output =
        withWrite.toolOutputs().get(withWrite.toolOutputs().size() - 1).get("output").asText();
    assertEquals("y".repeat(ChatAccumulator.MAX_OUTPUT) + "…", output);
    Action write = r.actions().stream().filter(a -> a.id().equals("w1")).findFirst().get();
    assertEquals(Boolean.TRUE, write.success());
    assertEquals(
        ChatAccumulator.MAX_INPUT_STRING + 1, write.input().get("content").asText().length());
    String query = chats.get(chats.size() - 2).query();
    assertTrue(
        query.startsWith("paste: yyy") && query.length() < 1 << 20,
        "the pasted prompt cut: " + query.length());
  }

  @Test
  void read_tornLastLine_waitsAndIsReadWhenCompleted() throws Exception {
    Path transcript = tmp.resolve("torn.jsonl");
    String first = LargeTranscript.user(0, "u0", "first") + "\n";
    String second = LargeTranscript.user(1, "u1", "second");
    Files.writeString(transcript, first + second.substring(0, 40));

    Read before = read(transcript, 0, false);
    Files.writeString(transcript, first + second + "\n");
    Read after = read(transcript, before.next(), true);

    assertEquals(List.of(), before.chats(), "the open chat waits");
    assertEquals(0, before.next(), "read again from the open chat's first line");
    assertEquals(0, before.garbage() + after.garbage());
    assertEquals(List.of("u0", "u1"), after.chats().stream().map(Chat::id).toList());
    assertEquals(Files.size(transcript) - second.length() - 1, after.next());
  }

  @Test
  void read_fromCursor_startsAtTheGivenLine() throws Exception {
    Path transcript = tmp.resolve("cursor.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      lines.add(LargeTranscript.user(i, "u" + i, "prompt " + i));
    }
    Files.writeString(transcript, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);

    Read r = read(transcript, lines.get(0).length() + 1L, false);

    assertEquals(List.of("u1", "u2", "u3"), r.chats().stream().map(Chat::id).toList());
    assertEquals(Files.size(transcript) - lines.get(4).length() - 1, r.next());
  }
}
