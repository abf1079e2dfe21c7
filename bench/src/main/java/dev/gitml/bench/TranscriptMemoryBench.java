package dev.gitml.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.session.SessionIngest;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Issue 14 item 7: the daemon's heap while it ingests a 10 MB and a 100 MB Claude Code transcript
 * (generated: chats of a prompt and twenty tool calls with outputs of a few KB, plus one 12 MB line
 * per 20 MB, alternately a Write's content, a Read's result and a pasted prompt). Each ingest runs
 * in a child JVM with the daemon's heap options ({@code -Xmx64m}, serial GC); the child reports the
 * most heap still in use after a full collection (the live set, the figure that must stay flat; a
 * young collection leaves dead objects in the old generation) and the sum of each heap pool's peak
 * (an upper bound on the peak in use, which also follows how far the JVM chose to grow its young
 * generation).
 */
public final class TranscriptMemoryBench {
  private static final int HUGE = 12 << 20;
  private static final String CWD = "/home/dev/project";

  private TranscriptMemoryBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("--child")) {
      child(Path.of(args[1]), Path.of(args[2]));
      return;
    }
    Path work = Bench.scratch("transcript-memory");
    Bench.header("transcript ingest with the daemon's heap (-Xmx64m, serial GC)");
    for (int mb : new int[] {10, 100}) {
      Path transcript = work.resolve(mb + "mb.jsonl");
      write(transcript, (long) mb << 20, Math.max(1, mb / 20));
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xms8m",
                  "-Xmx64m",
                  "-XX:+UseSerialGC",
                  "-XX:MinHeapFreeRatio=10",
                  "-XX:MaxHeapFreeRatio=30",
                  "-Dorg.sqlite.tmpdir=" + work,
                  "-cp",
                  System.getProperty("java.class.path"),
                  TranscriptMemoryBench.class.getName(),
                  "--child",
                  transcript.toString(),
                  work.resolve("repo" + mb).toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = p.waitFor();
      String result =
          out.lines()
              .filter(l -> l.startsWith("result "))
              .findFirst()
              .orElse("failed (exit " + exit + "): " + out.strip());
      Bench.row(
          Bench.mb(Files.size(transcript)) + " transcript", result.replace("result ", ""), "", "");
      Files.delete(transcript);
    }
    System.out.println(
        "(flat: the live set does not grow with the transcript; 64 MB is the"
            + " daemon's whole heap)");
    Bench.deleteTree(work);
  }

  /** In the child JVM: one ingest, then the heap figures. */
  private static void child(Path transcript, Path repo) throws Exception {
    List<Long> lives = new ArrayList<>();
    java.util.Set<String> heapPools = new java.util.HashSet<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc)
          .addNotificationListener(
              (n, h) -> {
                if (!n.getType()
                    .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                  return;
                }
                GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                // only a full collection leaves nothing dead in the old generation
                if (info.getGcAction().contains("major")) {
                  long used =
                      info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                          .filter(e -> heapPools.contains(e.getKey()))
                          .mapToLong(e -> e.getValue().getUsed())
                          .sum();
                  synchronized (lives) {
                    lives.add(used);
                  }
                }
              },
              null,
              null);
    }
    Files.createDirectories(repo);
    DataDir.of(repo).initialize();
    long t = System.nanoTime();
    SessionIngest.Result r;
    try (Store store = Store.open(DataDir.of(repo))) {
      r = new SessionIngest(store, repo, Redactor.standard()).finish(transcript);
    }
    double s = Bench.seconds(t);
    System.gc();
    Thread.sleep(200); // the notifications come on another thread
    long peaks = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peaks += pool.getPeakUsage().getUsed();
      }
    }
    List<Long> during;
    synchronized (lives) {
      during = new ArrayList<>(lives.subList(0, Math.max(0, lives.size() - 1)));
    }
    long atEnd = lives.isEmpty() ? 0 : lives.get(lives.size() - 1);
    during.sort(null);
    System.out.println(
        "result "
            + Bench.fmt(
                "live set after %d full GCs: median %.1f MB,"
                    + " max %.1f MB, after the ingest %.1f MB; pool peaks ≤ %.1f MB; %d chats,"
                    + " %d tool uses, %d lines skipped; %.1f s",
                during.size(),
                during.isEmpty() ? 0 : during.get(during.size() / 2) / 1e6,
                during.isEmpty() ? 0 : during.get(during.size() - 1) / 1e6,
                atEnd / 1e6,
                peaks / 1e6,
                r.chats(),
                r.actions(),
                r.garbage(),
                s));
  }

  /** A transcript of {@code bytes}, with {@code hugeLines} lines of 12 MB among its chats. */
  private static void write(Path file, long bytes, int hugeLines) throws IOException {
    long every = Math.max(1, bytes / 110_000 / (hugeLines + 1)); // ~110 KB per chat
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      long written = 0;
      int huge = 0;
      for (int chat = 0; written < bytes; chat++) {
        boolean big = huge < hugeLines && chat % every == every - 1;
        String filler = big ? "x".repeat(HUGE) : "";
        written +=
            line(
                w,
                "{\"type\":\"user\",\"uuid\":\"u"
                    + chat
                    + "\",\"sessionId\":\"s\","
                    + "\"cwd\":\""
                    + CWD
                    + "\",\"timestamp\":\""
                    + ts(chat, 0)
                    + "\",\"message\":{"
                    + "\"role\":\"user\",\"content\":\"Please change module "
                    + chat
                    + (big && huge % 3 == 2 ? " " + filler : "")
                    + "\"}}");
        for (int t = 0; t < 20; t++) {
          String id = "toolu_" + chat + "_" + t;
          String content = big && t == 0 && huge % 3 == 0 ? filler : "line\\n".repeat(200);
          written +=
              line(
                  w,
                  "{\"type\":\"assistant\",\"timestamp\":\""
                      + ts(chat, t)
                      + "\",\"message\":{\"id\":\"m"
                      + chat
                      + "_"
                      + t
                      + "\",\"role\":\"assistant\","
                      + "\"content\":[{\"type\":\"tool_use\",\"id\":\""
                      + id
                      + "\",\"name\":\"Write\","
                      + "\"input\":{\"file_path\":\""
                      + CWD
                      + "/m"
                      + chat
                      + "/F"
                      + t
                      + ".java\","
                      + "\"content\":\""
                      + content
                      + "\"}}],\"usage\":{\"input_tokens\":10,"
                      + "\"output_tokens\":20}}}");
          String output = big && t == 1 && huge % 3 == 1 ? filler : "ok ".repeat(700);
          written +=
              line(
                  w,
                  "{\"type\":\"user\",\"timestamp\":\""
                      + ts(chat, t)
                      + "\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                      + "\"tool_use_id\":\""
                      + id
                      + "\",\"content\":\""
                      + output
                      + "\"}]},"
                      + "\"toolUseResult\":{\"type\":\"create\",\"content\":\""
                      + output
                      + "\"}}");
        }
        written +=
            line(
                w,
                "{\"type\":\"assistant\",\"timestamp\":\""
                    + ts(chat, 21)
                    + "\",\"message\":{\"id\":\"m"
                    + chat
                    + "_end\",\"role\":\"assistant\",\"content\":"
                    + "[{\"type\":\"text\",\"text\":\"Changed module "
                    + chat
                    + ".\"}]}}");
        if (big) {
          huge++;
        }
      }
    }
  }

  private static String ts(int chat, int step) {
    return Instant.ofEpochSecond(1_750_000_000L + chat * 60L + step).toString();
  }

  private static int line(BufferedWriter w, String s) throws IOException {
    w.write(s);
    w.write('\n');
    return s.length() + 1;
  }
}
