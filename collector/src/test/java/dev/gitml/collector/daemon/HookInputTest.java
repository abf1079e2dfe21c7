package dev.gitml.collector.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.collector.inbox.Event;
import dev.gitml.collector.inbox.Inbox;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookInputTest {
  @TempDir Path tmp;

  /** Writes an assistant event whose tool input carries {@code megabytes} of file content. */
  static Path event(Path dir, int megabytes) throws Exception {
    Files.createDirectories(dir);
    Path f = dir.resolve("ev-1-0");
    try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
      w.write("gitml-event 1\nevent claude:PostToolUse\nrepo /src/app\n\n");
      w.write(
          "{\"session_id\": \"s1\", \"tool_input\": {\"file_path\": \"/src/app/big.txt\","
              + " \"content\": \"");
      String line = "z".repeat(1023) + "\\n";
      for (int i = 0; i < megabytes * 1024; i++) {
        w.write(line);
      }
      w.write("\"}, \"cwd\": \"/src/app\", \"transcript_path\": \"/home/ana/t.jsonl\"}\n");
      w.write("gitml-end\n");
    }
    return f;
  }

  @Test
  void read_fieldsAfterAHugeValue_found() throws Exception {
    HookInput in = HookInput.read(Event.read(event(tmp, 2)));

    assertEquals("/src/app", in.cwd());
    assertEquals("/home/ana/t.jsonl", in.transcriptPath());
  }

  @Test
  void read_notJson_formatExceptionNamingTheEvent() throws Exception {
    Path f = tmp.resolve("ev-2-0");
    Files.writeString(
        f, "gitml-event 1\nevent claude:Stop\nrepo /src/app\n\nnot json\n" + "gitml-end\n");

    Event.FormatException e =
        assertThrows(Event.FormatException.class, () -> HookInput.read(Event.read(f)));
    assertTrue(e.getMessage().startsWith("ev-2-0: the hook's input is not JSON"), e.getMessage());
  }

  /**
   * Lists the inbox and reads a 48 MB event in a JVM of 16 MB heap: before, the inbox read every
   * file whole and the body became a tree, and the daemon (64 MB) died on 10 MB.
   */
  @Test
  void read_fortyEightMegabyteEventIn16MegabyteHeap_completes() throws Exception {
    Path inbox = tmp.resolve("inbox");
    event(inbox, 48);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx16m",
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    inbox.toString()))
            .redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("cwd=/src/app transcript=/home/ana/t.jsonl"), out);
  }

  /** The child JVM of the memory test: what the daemon does with one event's input. */
  public static final class Main {
    public static void main(String[] args) throws Exception {
      Inbox inbox = new Inbox(Path.of(args[0]));
      for (Inbox.Entry e : inbox.list()) {
        HookInput in = HookInput.read(Event.read(e.file()));
        System.out.println("cwd=" + in.cwd() + " transcript=" + in.transcriptPath());
      }
    }
  }
}
