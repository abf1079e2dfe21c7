package dev.gitml.collector.session;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a Claude Code transcript of a given size: chats of a prompt and twenty tool calls with
 * outputs of a few kilobytes, as real sessions go, plus {@code hugeLines} lines of 12 MB each (a
 * Write's content, a Read's result and a pasted prompt), the lines that took the daemon down.
 */
final class LargeTranscript {
  static final int HUGE = 12 << 20;
  static final String CWD = "/home/dev/project";

  private LargeTranscript() {}

  static void write(Path file, long bytes, int hugeLines) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      long written = 0;
      int chat = 0;
      int huge = 0;
      while (written < bytes) {
        boolean big = huge < hugeLines && chat % 50 == 25;
        String filler = "x".repeat(big ? HUGE : 0);
        written +=
            line(
                w,
                user(
                    chat,
                    "u" + chat,
                    "Please change module " + chat + (big && huge % 3 == 2 ? " " + filler : "")));
        for (int t = 0; t < 20; t++) {
          String id = "toolu_" + chat + "_" + t;
          String content = big && t == 0 && huge % 3 == 0 ? filler : "line\\n".repeat(200);
          written +=
              line(
                  w,
                  "{\"type\":\"assistant\",\"timestamp\":\""
                      + ts(chat, t)
                      + "\",\"sessionId\":\"s-large\",\"message\":{\"id\":\"msg_"
                      + chat
                      + "_"
                      + t
                      + "\",\"model\":\"claude-test\",\"role\":\"assistant\",\"content\":[{\"type\":"
                      + "\"tool_use\",\"id\":\""
                      + id
                      + "\",\"name\":\"Write\",\"input\":{\"file_path\":\""
                      + CWD
                      + "/src/m"
                      + chat
                      + "/F"
                      + t
                      + ".java\",\"content\":\""
                      + content
                      + "\"}}],"
                      + "\"usage\":{\"input_tokens\":10,\"output_tokens\":20}}}");
          String output = big && t == 1 && huge % 3 == 1 ? filler : "ok ".repeat(700);
          written +=
              line(
                  w,
                  "{\"type\":\"user\",\"timestamp\":\""
                      + ts(chat, t)
                      + "\",\"sessionId\":\"s-large\",\"message\":{\"role\":\"user\",\"content\":"
                      + "[{\"type\":\"tool_result\",\"tool_use_id\":\""
                      + id
                      + "\",\"content\":\""
                      + output
                      + "\"}]},\"toolUseResult\":{\"type\":\"create\",\"filePath\":\""
                      + CWD
                      + "/src/m"
                      + chat
                      + "/F"
                      + t
                      + ".java\",\"content\":\""
                      + output
                      + "\"}}");
        }
        written +=
            line(
                w,
                "{\"type\":\"assistant\",\"timestamp\":\""
                    + ts(chat, 21)
                    + "\",\"sessionId\":\"s-large\",\"message\":{\"id\":\"msg_"
                    + chat
                    + "_end\","
                    + "\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Changed module "
                    + chat
                    + ".\"}]}}");
        if (big) {
          huge++;
        }
        chat++;
      }
    }
  }

  static String user(int chat, String uuid, String prompt) {
    return "{\"type\":\"user\",\"uuid\":\""
        + uuid
        + "\",\"sessionId\":\"s-large\",\"cwd\":\""
        + CWD
        + "\",\"gitBranch\":\"main\",\"timestamp\":\""
        + ts(chat, 0)
        + "\",\"message\":{\"role\":\"user\",\"content\":\""
        + prompt
        + "\"}}";
  }

  private static String ts(int chat, int step) {
    return java.time.Instant.ofEpochSecond(1_750_000_000L + chat * 60L + step).toString();
  }

  private static int line(BufferedWriter w, String s) throws IOException {
    w.write(s);
    w.write('\n');
    return s.length() + 1;
  }
}
