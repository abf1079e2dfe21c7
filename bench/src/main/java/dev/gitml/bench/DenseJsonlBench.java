package dev.gitml.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code RedactionBench --dense [MB]}: {@code gitml redact --jsonl} end to end (the installed
 * command, its JVM start included) on text where secrets' words are everywhere: this repository's
 * own Java sources, one {@code {"id", "text"}} line per file, repeated until the size asked for (60
 * MB). The reference, in the same run on the same file: the Python collector's loop (read a line,
 * parse it, its 13 patterns one after another, write the line), with the patterns as {@link
 * PythonRedaction} transcribes them, in this JVM after a warm-up pass (no start-up counted: the
 * comparison favours the reference).
 */
final class DenseJsonlBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern WORDS =
      Pattern.compile("(?i)secret|token|password|passwd|credential|api.?key|private.?key");

  private DenseJsonlBench() {}

  static void run(long bytes) throws Exception {
    String gitml = System.getProperty("gitml.command");
    if (gitml == null) {
      throw new IOException("run through bench/run.sh: -Dgitml.command is not set");
    }
    Path dir = Bench.scratch("redact-dense");
    Path input = dir.resolve("input.jsonl");
    long[] made = write(input, bytes);
    Bench.header("redaction: gitml redact --jsonl end to end on this repository's Java sources");
    System.out.printf(
        Locale.ROOT,
        "input: %s, %d lines, %.0f secret words per MB%n",
        Bench.mb(made[0]),
        made[1],
        made[2] / (made[0] / 1e6));
    Path ours = dir.resolve("gitml.jsonl");
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      times.add(
          Bench.run(
              List.of(
                  "sh", "-c", "'" + gitml + "' redact --jsonl input.jsonl > " + ours.getFileName()),
              dir,
              java.util.Map.of()));
    }
    double a = made[0] / 1e6 / Bench.median(times);
    Path theirs = dir.resolve("python.jsonl");
    reference(input, theirs); // warm-up
    double b =
        made[0]
            / 1e6
            / Bench.median(
                3,
                () -> {
                  long t = System.nanoTime();
                  reference(input, theirs);
                  return Bench.seconds(t);
                });
    Bench.row(
        "redact --jsonl (median of 3)",
        Bench.fmt("%.1f MB/s", a),
        Bench.fmt("%.1f MB/s", b),
        Bench.fmt("%.1f×", a / b));
    System.out.printf(
        Locale.ROOT,
        "lines redacted: gitml %d, reference %d%n",
        changedLines(input, ours),
        changedLines(input, theirs));
  }

  /** Writes the input; returns its bytes, its lines and its secret words. */
  private static long[] write(Path input, long bytes) throws IOException {
    List<String> sources = new ArrayList<>();
    try (Stream<Path> s = Files.walk(Path.of(""))) {
      for (Path f :
          s.filter(p -> p.toString().endsWith(".java"))
              .filter(p -> !p.startsWith("bench/work") && !p.toString().contains("/target/"))
              .sorted()
              .toList()) {
        sources.add(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    if (sources.isEmpty()) {
      throw new IOException("no *.java found: run from the project root");
    }
    long total = 0;
    long lines = 0;
    long words = 0;
    try (BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
      for (int i = 0; total < bytes; i++) {
        String text = sources.get(i % sources.size());
        ObjectNode line = JSON.createObjectNode().put("id", i).put("text", text);
        String json = JSON.writeValueAsString(line);
        out.write(json);
        out.write('\n');
        total += json.length() + 1;
        lines++;
        Matcher m = WORDS.matcher(text);
        while (m.find()) {
          words++;
        }
      }
    }
    return new long[] {total, lines, words};
  }

  private static double reference(Path input, Path output) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
        BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode n = JSON.readTree(line);
        ObjectNode result = JSON.createObjectNode();
        result.set("id", n.get("id"));
        result.put("text", PythonRedaction.redact(n.get("text").asText()));
        out.write(JSON.writeValueAsString(result));
        out.write('\n');
      }
    }
    return 0;
  }

  private static long changedLines(Path input, Path output) throws IOException {
    long changed = 0;
    try (BufferedReader a = Files.newBufferedReader(input, StandardCharsets.UTF_8);
        BufferedReader b = Files.newBufferedReader(output, StandardCharsets.UTF_8)) {
      String x;
      while ((x = a.readLine()) != null) {
        String y = b.readLine();
        if (y == null) {
          throw new IOException(output + ": ends early, at line " + (changed + 1));
        }
        if (!JSON.readTree(x).get("text").equals(JSON.readTree(y).get("text"))) {
          changed++;
        }
      }
    }
    return changed;
  }
}
