package dev.gitml.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gitml.collector.export.Exporter;
import dev.gitml.collector.export.Format;
import dev.gitml.collector.export.Task;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.Hunk;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.RecordCodec;
import dev.gitml.storage.record.Step;
import dev.gitml.storage.record.StoredRecord;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 19: {@code gitml export --task trajectory} from a store of N chats of 24 steps each (texts,
 * calls with a file path and content, results of 1,000 characters), a quarter of them linked to a
 * commit with a diff, one in ten of those reverted later. The reference, in the same run, reads the
 * same chat records from a plain JSONL file and writes each step as a message with Jackson (no
 * store, no turns, no links, no splits): the floor of any such conversion.
 */
public final class TrajectoryBench {
  private TrajectoryBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Path dir = Bench.scratch("trajectory");
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Bench.run(List.of("git", "init", "-q"), repo, java.util.Map.of());
    DataDir.of(repo).initialize();
    Path plain = dir.resolve("chats.jsonl");
    long chatBytes = 0;
    try (Store store = Store.open(DataDir.of(repo));
        BufferedWriter w = Files.newBufferedWriter(plain)) {
      List<StoredRecord> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        StoredRecord chat = StoredRecord.of(chat(i));
        byte[] line = RecordCodec.toLine(chat);
        chatBytes += line.length;
        w.write(new String(line, StandardCharsets.UTF_8));
        w.write('\n');
        batch.add(chat);
        if (i % 4 == 0) {
          Commit c = commit(i, "change " + i);
          batch.add(StoredRecord.of(c));
          batch.add(StoredRecord.of(c.full(hunks(i), null, false, false, null)));
          batch.add(
              StoredRecord.of(
                  new Link(Link.Kind.CHAT_COMMIT, "chat-" + i, c.hash(), c.timestamp(), "bench")));
          if (i % 40 == 0) {
            batch.add(StoredRecord.of(commit(i + 1, "This reverts commit " + c.hash() + ".")));
          }
        }
        if (batch.size() >= 5_000) {
          store.append(batch);
          batch.clear();
        }
      }
      store.append(batch);
    }
    long t = System.nanoTime();
    Exporter.Result r = Bench.export(repo, Format.JSONL, Task.TRAJECTORY, dir.resolve("out.jsonl"));
    double seconds = Bench.seconds(t);
    double ours = r.total() / seconds;

    ObjectMapper json = new ObjectMapper();
    t = System.nanoTime();
    int count = 0;
    try (BufferedReader in = Files.newBufferedReader(plain);
        JsonGenerator g =
            json.getFactory().createGenerator(Files.newOutputStream(dir.resolve("ref.jsonl")))) {
      g.setRootValueSeparator(null);
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode d = json.readTree(line).get("data");
        g.writeStartObject();
        g.writeArrayFieldStart("messages");
        g.writeStartObject();
        g.writeStringField("role", "user");
        g.writeStringField("content", d.path("query").asText());
        g.writeEndObject();
        for (JsonNode s : d.path("steps")) {
          g.writeStartObject();
          g.writeStringField("role", s.path("kind").asText());
          g.writeStringField("content", s.path("text").asText(s.path("output").asText()));
          if (s.has("arguments")) {
            g.writeStringField("arguments", json.writeValueAsString(s.get("arguments")));
          }
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
        count++;
      }
    }
    double reference = count / Bench.seconds(t);
    Bench.header("export of chats as trajectories (JSONL, with linked commits and outcome)");
    Bench.row(
        Bench.fmt("%,d chats, %s of chat records", n, Bench.mb(chatBytes)),
        Bench.fmt("%,.0f chats/s (%.1f s)", ours, seconds),
        Bench.fmt("steps as messages with Jackson: %,.0f/s", reference),
        Bench.fmt("%.2f×", ours / reference));
  }

  private static Chat chat(int i) {
    String ts = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i * 60L).toString();
    List<Step> steps = new ArrayList<>();
    for (int k = 0; k < 6; k++) {
      String id = "toolu_" + i + "_" + k;
      steps.add(Step.text("Step " + k + ": looking at the parser of chat " + i + ".", ts));
      steps.add(
          Step.call(
              k % 2 == 0 ? "Read" : "Edit",
              id,
              JsonNodeFactory.instance
                  .objectNode()
                  .put("file_path", "src/main/java/p/F" + k + ".java")
                  .put("content", "x".repeat(500)),
              ts));
      steps.add(Step.result("Read", id, "line of output ".repeat(70), true, ts));
      steps.add(Step.text("Noted " + k + ".", ts));
    }
    return new Chat(
        "chat-" + i,
        ts,
        "session-" + (i / 8),
        "Fix the parser so that it accepts trailing commas (" + i + ")",
        "Done.",
        null,
        List.of("src/main/java/p/F1.java"),
        List.of("Read", "Edit"),
        null,
        null,
        null,
        null,
        "claude-code",
        "opus",
        null,
        null,
        null,
        steps);
  }

  private static Commit commit(int i, String message) {
    String ts = Instant.parse("2026-01-01T00:00:30Z").plusSeconds(i * 60L).toString();
    return new Commit(
        String.format("%040x", i + 1_000_000_000L),
        message,
        "ana",
        ts,
        "main",
        List.of("src/main/java/p/F1.java"),
        3,
        1,
        10,
        "Monday",
        false,
        false,
        1,
        60L);
  }

  private static List<Hunk> hunks(int i) {
    return List.of(
        new Hunk(
            "src/main/java/p/F1.java",
            "parse",
            10 + i % 50,
            List.of("  if (c == ',') {", "    continue;", "  }"),
            List.of("  return list;"),
            List.of("  List<String> list = new ArrayList<>();"),
            List.of("}"),
            "modify"));
  }
}
