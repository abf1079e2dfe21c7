package dev.gitml.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.session.SessionImport;
import dev.gitml.collector.session.SessionIngest;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.foreign.ForeignDatabase;
import dev.gitml.storage.foreign.SqliteFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Issue 16: ingest MB/s of the OpenCode and Cursor readers (target ≥ 20 MB/s each), each on about
 * 10 MB in its real shape: OpenCode's storage tree (the real fixture session copied 600 times under
 * new ids), the same sessions in an {@code opencode.db}, a Cursor agent transcript and a Cursor
 * {@code state.vscdb} of made-up composers (Cursor has no real fixture). Each is read whole into
 * chats, tool uses, sessions and links, redacted and stored, in a fresh data directory (median of 5
 * after warming up until the JIT settled: {@link Bench#warmUp}). Beside each: reading and parsing
 * the same bytes alone (Jackson on every file or line; for a database, its rows' JSON read through
 * the same read-only connection); below each, the installed command's one-off {@code gitml sessions
 * import} of the same data, the JVM's start and cold first seconds included.
 */
public final class OpenCodeCursorBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SESSIONS = 40;
  private static final int REPEATS = 15;

  private OpenCodeCursorBench() {}

  public static void main(String[] args) throws Exception {
    Path fixture = Corpus.shared().resolve("fixtures/transcripts/opencode/storage");
    if (!Files.isDirectory(fixture)) {
      System.out.println("skipped: " + fixture + " not found");
      return;
    }
    Path work = Bench.scratch("opencode-cursor");
    Path tree = work.resolve("opencode/storage");
    long treeBytes = openCodeTree(fixture, tree);
    Path openCodeDb = work.resolve("opencode/opencode.db");
    openCodeDatabase(tree, openCodeDb);
    Path cursorJsonl = work.resolve("cursor/agent-transcripts/0f3c2a9e-bench.jsonl");
    long jsonlBytes = cursorTranscript(cursorJsonl);
    Path vscdb = work.resolve("cursor/state.vscdb");
    long vscdbBytes = cursorDatabase(vscdb);

    List<Path> sessions = SessionImport.transcriptsAt(tree, why -> {});
    Bench.header("OpenCode and Cursor ingest (target ≥ 20 MB/s each)");
    Path claude =
        Corpus.shared()
            .resolve("fixtures/transcripts/claude-code/8463c716-a2ea-4c14-9efa-87158ebd9f20.jsonl");
    if (Files.exists(claude) && Bench.wanted(args, "claude")) {
      report(
          "Claude Code session (reference)",
          Files.size(claude),
          ingest(work, List.of(claude), claude),
          parse(
              () -> {
                for (String line : Files.readAllLines(claude)) {
                  JSON.readTree(line);
                }
              }));
    }
    if (Bench.wanted(args, "opencode-tree")) {
      report(
          "OpenCode storage tree",
          treeBytes,
          ingest(work, sessions, tree),
          parse(
              () -> {
                try (Stream<Path> s = Files.walk(tree)) {
                  for (Path f : s.filter(Files::isRegularFile).toList()) {
                    JSON.readTree(f.toFile());
                  }
                }
              }));
    }
    if (Bench.wanted(args, "opencode-db")) {
      report(
          "OpenCode opencode.db",
          rowBytes(openCodeDb, "part") + rowBytes(openCodeDb, "message"),
          ingest(work, List.of(openCodeDb), openCodeDb),
          parse(
              () -> {
                try (ForeignDatabase db = ForeignDatabase.open(openCodeDb)) {
                  db.rows("message", "id", r -> JSON.readTree(r.text("data")));
                  db.rows("part", "id", r -> JSON.readTree(r.text("data")));
                }
              }));
    }
    if (Bench.wanted(args, "cursor-transcript")) {
      report(
          "Cursor agent transcript",
          jsonlBytes,
          ingest(work, List.of(cursorJsonl), cursorJsonl),
          parse(
              () -> {
                for (String line : Files.readAllLines(cursorJsonl)) {
                  JSON.readTree(line);
                }
              }));
    }
    if (Bench.wanted(args, "cursor-db")) {
      report(
          "Cursor state.vscdb",
          vscdbBytes,
          ingest(work, List.of(vscdb), vscdb),
          parse(
              () -> {
                try (ForeignDatabase db = ForeignDatabase.open(vscdb)) {
                  db.keyValues("cursorDiskKV", "bubbleId:", r -> JSON.readTree(r.text("value")));
                  db.keyValues(
                      "cursorDiskKV", "composerData:", r -> JSON.readTree(r.text("value")));
                }
              }));
    }
  }

  private interface Work {
    void run() throws Exception;
  }

  private static void report(String what, long bytes, double[] ours, double reference) {
    Bench.row(
        what + " (" + Bench.mb(bytes) + ")",
        Bench.fmt("%.0f MB/s", bytes / 1e6 / ours[0]),
        Bench.fmt("parse alone: %.0f MB/s", bytes / 1e6 / reference),
        Bench.fmt("%.2f×", reference / ours[0]));
    Bench.row(
        "  gitml sessions import --path, start-up included",
        Bench.fmt("%.2f s", ours[1]),
        Bench.fmt("%.1f MB/s", bytes / 1e6 / ours[1]),
        "");
  }

  private static double parse(Work work) throws Exception {
    Bench.Timed t =
        () -> {
          long start = System.nanoTime();
          work.run();
          return Bench.seconds(start);
        };
    Bench.warmUp(t);
    return Bench.median(5, t);
  }

  /** The median seconds in process, warmed up, and a cold import of {@code importPath}. */
  private static double[] ingest(Path work, List<Path> files, Path importPath) throws Exception {
    Redactor redactor = Redactor.standard();
    int[] round = {0};
    Bench.Timed t =
        () -> {
          Path repo = work.resolve("repo" + round[0]++);
          Files.createDirectories(repo);
          DataDir.of(repo).initialize();
          long start = System.nanoTime();
          try (Store store = Store.open(DataDir.of(repo))) {
            SessionIngest ingest = new SessionIngest(store, repo, redactor);
            Bench.importAll(ingest, files);
          }
          double s = Bench.seconds(start);
          Bench.deleteTree(repo);
          return s;
        };
    Bench.warmUp(t);
    return new double[] {Bench.median(5, t), Bench.cliImport(work, importPath)};
  }

  /**
   * {@link #SESSIONS} sessions of the real one's messages repeated {@link #REPEATS} times (OpenCode
   * sessions run to hundreds of messages; the fixture's has four), ids made unique in their order.
   */
  private static long openCodeTree(Path fixture, Path tree) throws Exception {
    String ses = "ses_539950424ffev4SAECXTZKSubM";
    long bytes = 0;
    List<Path> files;
    try (Stream<Path> s = Files.walk(fixture)) {
      files = s.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".json")).toList();
    }
    for (int i = 0; i < SESSIONS; i++) {
      for (int r = 0; r < REPEATS; r++) {
        for (Path f : files) {
          String rel = fixture.relativize(f).toString();
          if (rel.startsWith("project")
              || rel.startsWith("session_diff")
              || (rel.startsWith("session/") && r > 0)) {
            continue;
          }
          String text = renamed(Files.readString(f), ses, i, r);
          Path to = tree.resolve(renamed(rel, ses, i, r));
          Files.createDirectories(to.getParent());
          Files.writeString(to, text);
          bytes += text.getBytes(StandardCharsets.UTF_8).length;
        }
      }
    }
    return bytes;
  }

  private static String renamed(String s, String ses, int session, int repeat) {
    String n = String.format("%03d%03d", session, repeat);
    return s.replace(ses, ses + String.format("%03d", session))
        .replace("msg_", "msg_" + n)
        .replace("prt_", "prt_" + n);
  }

  /** The tree's sessions, messages and parts in OpenCode's SQLite schema. */
  private static void openCodeDatabase(Path tree, Path db) throws Exception {
    Files.createDirectories(db.getParent());
    SqliteFiles.execute(
        db,
        "PRAGMA journal_mode = WAL",
        "CREATE TABLE session (id TEXT PRIMARY KEY, project_id TEXT, parent_id TEXT,"
            + " directory TEXT, title TEXT, time_created INTEGER, time_updated INTEGER)",
        "CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT, time_created INTEGER,"
            + " time_updated INTEGER, data TEXT)",
        "CREATE TABLE part (id TEXT PRIMARY KEY, message_id TEXT, session_id TEXT,"
            + " time_created INTEGER, time_updated INTEGER, data TEXT)",
        "CREATE INDEX message_session ON message (session_id)",
        "CREATE INDEX part_session ON part (session_id)");
    List<Object[]> sessions = new ArrayList<>();
    List<Object[]> messages = new ArrayList<>();
    List<Object[]> parts = new ArrayList<>();
    try (Stream<Path> s = Files.walk(tree)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        String rel = tree.relativize(f).toString();
        ObjectNode n = (ObjectNode) JSON.readTree(f.toFile());
        long t = n.path("time").path("created").asLong(1764265490000L);
        if (rel.startsWith("session/")) {
          sessions.add(
              new Object[] {
                n.path("id").asText(),
                n.path("projectID").asText(),
                null,
                n.path("directory").asText(),
                n.path("title").asText(),
                t,
                n.path("time").path("updated").asLong(t)
              });
        } else if (rel.startsWith("message/")) {
          String id = n.remove("id").asText();
          String session = n.remove("sessionID").asText();
          messages.add(new Object[] {id, session, t, t, n.toString()});
        } else if (rel.startsWith("part/")) {
          String id = n.remove("id").asText();
          String message = n.remove("messageID").asText();
          JsonNode session = n.remove("sessionID");
          parts.add(new Object[] {id, message, session.asText(), t, t, n.toString()});
        }
      }
    }
    SqliteFiles.insert(db, "session", sessions);
    SqliteFiles.insert(db, "message", messages);
    SqliteFiles.insert(db, "part", parts);
  }

  private static long rowBytes(Path db, String table) throws Exception {
    long[] sum = {0};
    try (ForeignDatabase d = ForeignDatabase.open(db)) {
      d.rows(table, "id", r -> sum[0] += r.text("data").length());
    }
    return sum[0];
  }

  private static final String ANSWER =
      "I read the handler and the tests. The route returns the status of each dependency; I"
          + " added a timeout so a slow database does not hold the probe, and a test for it. ";

  /** A Cursor agent transcript of 4,000 turns: prompt, text, a read, an edit and its result. */
  private static long cursorTranscript(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 4000; i++) {
      ObjectNode user = JSON.createObjectNode().put("role", "user");
      user.putObject("message")
          .putArray("content")
          .addObject()
          .put("type", "text")
          .put("text", "<user_query>\nchange step " + i + " of the health check\n</user_query>");
      ObjectNode answer = JSON.createObjectNode().put("role", "assistant");
      var content = answer.putObject("message").putArray("content");
      content.addObject().put("type", "text").put("text", ANSWER.repeat(6));
      ObjectNode read = content.addObject().put("type", "tool_use").put("id", "r" + i);
      read.put("name", "Read").putObject("input").put("path", "/w/api/src/health" + i % 50 + ".ts");
      ObjectNode edit = content.addObject().put("type", "tool_use").put("id", "e" + i);
      edit.put("name", "StrReplace")
          .putObject("input")
          .put("path", "/w/api/src/health" + i % 50 + ".ts")
          .put("old_string", ANSWER)
          .put("new_string", ANSWER.repeat(2));
      ObjectNode result = JSON.createObjectNode().put("role", "tool");
      result
          .putObject("message")
          .putArray("content")
          .addObject()
          .put("type", "tool_result")
          .put("tool_use_id", "e" + i)
          .put("content", ANSWER.repeat(3));
      sb.append(user).append('\n').append(answer).append('\n').append(result).append('\n');
    }
    Files.writeString(file, sb);
    return Files.size(file);
  }

  /** A {@code state.vscdb} of 100 composers of 40 turns each; returns the values' bytes. */
  private static long cursorDatabase(Path db) throws Exception {
    Files.createDirectories(db.getParent());
    SqliteFiles.execute(
        db, "CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)");
    List<Object[]> rows = new ArrayList<>();
    long bytes = 0;
    for (int c = 0; c < 100; c++) {
      String composer = String.format("6b1c7a52-0d7e-4c55-9b7a-%012d", c);
      ObjectNode data = JSON.createObjectNode().put("composerId", composer);
      data.put("createdAt", 1766691308486L + c * 60_000L).put("lastUpdatedAt", 1766691908486L);
      data.putObject("modelConfig").put("modelName", "claude-4.5-sonnet");
      var headers = data.putArray("fullConversationHeadersOnly");
      for (int b = 0; b < 120; b++) {
        String bubble = "b" + b;
        int type = b % 3 == 0 ? 1 : 2;
        headers.addObject().put("bubbleId", bubble).put("type", type);
        ObjectNode v = JSON.createObjectNode().put("_v", 3).put("type", type);
        v.put("bubbleId", bubble).put("createdAt", "2025-12-25T19:35:10.000Z");
        if (type == 1) {
          v.put("text", "change step " + b + " of the health check in composer " + c);
        } else if (b % 3 == 1) {
          v.put("text", "");
          ObjectNode tool = v.putObject("toolFormerData").put("name", "edit_file");
          tool.put("toolCallId", "t" + b).put("status", "completed");
          tool.put("rawArgs", "{\"target_file\":\"src/health" + b + ".ts\"}");
          tool.put("result", JSON.createObjectNode().put("diff", ANSWER.repeat(4)).toString());
          v.putArray("codeBlocks")
              .addObject()
              .put("content", ANSWER.repeat(2))
              .putObject("uri")
              .put("path", "/w/api/src/health" + b + ".ts");
        } else {
          v.put("text", ANSWER.repeat(5));
          v.putObject("tokenCount").put("inputTokens", 1200).put("outputTokens", 300);
        }
        String value = v.toString();
        bytes += value.length();
        rows.add(new Object[] {"bubbleId:" + composer + ":" + bubble, value});
      }
      bytes += data.toString().length();
      rows.add(new Object[] {"composerData:" + composer, data.toString()});
    }
    SqliteFiles.insert(db, "cursorDiskKV", rows);
    return bytes;
  }
}
