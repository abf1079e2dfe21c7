package dev.gitml.agent.mcp;

import dev.gitml.collector.history.HistoryText;
import dev.gitml.collector.history.RecentWork;
import dev.gitml.collector.history.Why;
import dev.gitml.collector.predict.ExistingFiles;
import dev.gitml.collector.predict.FilePredictor;
import dev.gitml.collector.predict.Trainer;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.collector.worknote.WorkNote;
import dev.gitml.storage.Store;
import dev.gitml.storage.json.Mappers;
import dev.gitml.storage.search.SearchKind;
import dev.gitml.storage.search.SearchQuery;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jgit.lib.Repository;

/**
 * {@code gitml mcp}: a Model Context Protocol server on standard input and output (the MCP Java
 * SDK's stdio transport: one JSON-RPC message per line), whose tools answer from this repository's
 * stored, redacted records: {@code search_history}, {@code why}, {@code predict_files}, {@code
 * recent_work}. Each call opens the store and closes it, so the daemon is never kept waiting; the
 * output stream carries protocol messages only.
 */
public final class HistoryServer {
  static final String NAME = "gitml";

  private final Workspace workspace;
  private final Clock clock;
  private final McpJsonMapper json = new JacksonMcpJsonMapper(Mappers.JSON);

  public HistoryServer(Workspace workspace, Clock clock) {
    this.workspace = workspace;
    this.clock = clock;
  }

  /** Serves until {@code in} ends (the client closed it), then closes the server. */
  public void serve(InputStream in, OutputStream out, String version) throws InterruptedException {
    CountDownLatch ended = new CountDownLatch(1);
    InputStream watched =
        new FilterInputStream(in) {
          @Override
          public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
              ended.countDown();
            }
            return b;
          }

          @Override
          public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n < 0) {
              ended.countDown();
            }
            return n;
          }
        };
    McpSyncServer server =
        McpServer.sync(new StdioServerTransportProvider(json, watched, out))
            .serverInfo(NAME, version)
            .instructions(
                "The history of this git repository as gitml stored it: commits with their diffs"
                    + " and the AI-assistant sessions that produced them. Search it, ask where a"
                    + " line came from, which files a task will touch, and what the last session"
                    + " did.")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
            // the tools declare no output schema: nothing to validate (and no validator to ship)
            .jsonSchemaValidator(ACCEPT_ALL)
            .tools(tools())
            .build();
    try {
      ended.await();
    } finally {
      server.closeGracefully();
    }
  }

  private static final JsonSchemaValidator ACCEPT_ALL =
      (schema, content) -> JsonSchemaValidator.ValidationResponse.asValid(null);

  List<SyncToolSpecification> tools() {
    return List.of(
        tool(
            "search_history",
            "Full-text search over this repository's history: prompts and answers of assistant"
                + " chats, commit messages, diff hunks, sessions and tool commands. Best matches"
                + " first, each with its id (for a commit, its hash), kind, time and a snippet"
                + " with the matched words in **bold**.",
            """
            {"type": "object", "properties": {
              "query": {"type": "string", "description": "words to find"},
              "type": {"type": "string", "enum": ["chat", "commit", "diff", "session", "action"],
                       "description": "only hits of this kind"},
              "limit": {"type": "integer", "minimum": 1, "maximum": 50,
                        "description": "how many hits (10)"}},
             "required": ["query"]}""",
            this::search),
        tool(
            "why",
            "Where lines of a file came from: the commit that last changed them (git blame,"
                + " following renames), and the assistant session and chat that produced it (its"
                + " prompt, model and the edits of this file), or 'no session: written by hand'.",
            """
            {"type": "object", "properties": {
              "file": {"type": "string", "description": "path relative to the repository root"},
              "start_line": {"type": "integer", "minimum": 1},
              "end_line": {"type": "integer", "minimum": 1},
              "all": {"type": "boolean", "description": "also the earlier commits of the lines"}},
             "required": ["file"]}""",
            this::why),
        tool(
            "predict_files",
            "The files of this repository a task will probably touch, best first, from the model"
                + " gitml trained on its history (`gitml train`).",
            """
            {"type": "object", "properties": {
              "task": {"type": "string", "description": "the task, in words"},
              "top": {"type": "integer", "minimum": 1, "maximum": 50,
                      "description": "how many files (10)"}},
             "required": ["task"]}""",
            this::predict),
        tool(
            "recent_work",
            "The hand-off note of the latest work (as `gitml handoff` writes it): the newest"
                + " session's prompts and what came of each, files changed, commits, failed"
                + " commands, uncommitted changes and the files expected next; without a session,"
                + " the newest commits.",
            """
            {"type": "object", "properties": {}}""",
            args -> recentWork()));
  }

  /** A tool's work: its text answer; an exception is the tool's error, in one line. */
  @FunctionalInterface
  interface Answer {
    String apply(Map<String, Object> arguments) throws Exception;
  }

  /** A tool whose caller made a mistake: the message goes back as the tool's error. */
  static final class BadArgument extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadArgument(String message) {
      super(message);
    }
  }

  private SyncToolSpecification tool(String name, String description, String schema, Answer a) {
    McpSchema.Tool tool =
        McpSchema.Tool.builder(name, json, schema).description(description).build();
    return SyncToolSpecification.builder()
        .tool(tool)
        .callHandler(
            (exchange, request) -> {
              Map<String, Object> args =
                  request.arguments() == null ? Map.of() : request.arguments();
              try {
                return CallToolResult.builder().addTextContent(a.apply(args)).build();
              } catch (Exception e) {
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                return CallToolResult.builder()
                    .addTextContent(name + ": " + message)
                    .isError(true)
                    .build();
              }
            })
        .build();
  }

  private String search(Map<String, Object> args) throws IOException {
    String query = text(args, "query");
    Object type = args.get("type");
    Set<SearchKind> kinds;
    try {
      kinds = type == null ? Set.of() : Set.of(SearchKind.fromWireName(type.toString()));
    } catch (IllegalArgumentException e) {
      throw new BadArgument(e.getMessage());
    }
    int limit = number(args, "limit", 10);
    try (Store store = Store.open(workspace.dataDir())) {
      return HistoryText.hits(
          store.search(new SearchQuery(query, kinds, null, Long.MIN_VALUE, limit)),
          workspace.workTree().getFileName().toString());
    }
  }

  private String recentWork() throws IOException {
    try (Store store = Store.open(workspace.dataDir());
        Repository repo = workspace.gitDir() == null ? null : workspace.openRepository()) {
      Optional<String> note = WorkNote.of(store, repo, null, clock);
      return note.isPresent() ? note.get() : RecentWork.note(store);
    }
  }

  private String why(Map<String, Object> args) throws IOException {
    String file = text(args, "file");
    Why.Lines lines = null;
    if (args.get("start_line") != null) {
      int first = number(args, "start_line", 1);
      lines = new Why.Lines(first, Math.max(first, number(args, "end_line", first)));
    }
    if (workspace.gitDir() == null) {
      throw new BadArgument("no git repository here");
    }
    try (Store store = Store.open(workspace.dataDir());
        Repository repo = workspace.openRepository()) {
      return HistoryText.why(
          file, Why.of(store).blame(repo, file, lines, Boolean.TRUE.equals(args.get("all"))));
    }
  }

  private String predict(Map<String, Object> args) throws IOException {
    String task = text(args, "task");
    int top = number(args, "top", 10);
    Trainer.Loaded loaded;
    try {
      loaded = Trainer.load(workspace.dataDir());
    } catch (NoSuchFileException e) {
      throw new BadArgument("no trained model yet: run `gitml train`");
    }
    FilePredictor.Query query = new FilePredictor.Query(task, List.of(), clock.millis());
    List<FilePredictor.Ranked> ranked;
    if (workspace.gitDir() == null) {
      ranked = loaded.model().rank(query, top);
    } else {
      try (Repository repo = workspace.openRepository()) {
        ranked = ExistingFiles.of(repo).keep(loaded.model().rank(query, Integer.MAX_VALUE), top);
      }
    }
    if (ranked.isEmpty()) {
      return "no prediction: nothing in the history relates to this task\n";
    }
    StringBuilder sb = new StringBuilder();
    for (FilePredictor.Ranked r : ranked) {
      sb.append(String.format(Locale.ROOT, "%6.3f  %s%n", r.score(), r.file()));
    }
    return sb.toString();
  }

  private static String text(Map<String, Object> args, String name) {
    Object v = args.get(name);
    if (v == null || v.toString().isBlank()) {
      throw new BadArgument("'" + name + "' is required");
    }
    return v.toString();
  }

  private static int number(Map<String, Object> args, String name, int otherwise) {
    Object v = args.get(name);
    if (v == null) {
      return otherwise;
    }
    if (!(v instanceof Number n) || n.intValue() < 1) {
      throw new BadArgument("'" + name + "' must be a whole number of at least 1: " + v);
    }
    return n.intValue();
  }
}
