package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.json.Mappers;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gitml mcp} driven as an MCP client drives it: JSON-RPC lines over its standard input and
 * output (initialize, tools/list, tools/call of each tool), in process through pipes, and through a
 * real child process with the SDK's own client.
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = TimeUnit.MINUTES)
class McpServerTest {
  @TempDir Path tmp;
  HistoryRepo history;

  @BeforeEach
  void setUp() throws Exception {
    history = new HistoryRepo(tmp);
  }

  /** The server in this process, its stdin and stdout as pipes. */
  private static final class Session {
    final OutputStream toServer;
    final BufferedReader fromServer;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final CompletableFuture<Integer> exit;
    int nextId = 1;

    Session(Map<String, String> env, Path repo) throws Exception {
      PipedInputStream serverIn = new PipedInputStream(1 << 16);
      toServer = new PipedOutputStream(serverIn);
      PipedInputStream clientIn = new PipedInputStream(1 << 16);
      PrintStream serverOut =
          new PrintStream(new PipedOutputStream(clientIn), true, StandardCharsets.UTF_8);
      PrintStream serverErr = new PrintStream(err, true, StandardCharsets.UTF_8);
      fromServer = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8));
      exit =
          CompletableFuture.supplyAsync(
              () -> {
                int code =
                    Cli.run(
                        new String[] {"-C", repo.toString(), "mcp"},
                        serverIn,
                        serverOut,
                        serverErr,
                        env);
                serverOut.close();
                return code;
              });
    }

    void send(ObjectNode message) throws Exception {
      toServer.write((message.toString() + "\n").getBytes(StandardCharsets.UTF_8));
      toServer.flush();
    }

    /** Sends a request and returns its response (every line the server writes must be JSON). */
    JsonNode request(String method, ObjectNode params) throws Exception {
      int id = nextId++;
      ObjectNode m = Mappers.JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id);
      m.put("method", method);
      if (params != null) {
        m.set("params", params);
      }
      send(m);
      while (true) {
        String line = fromServer.readLine();
        if (line == null) {
          throw new AssertionError("the server closed its output; stderr: " + err);
        }
        JsonNode reply = Mappers.JSON.readTree(line);
        if (reply.path("id").asInt(-1) == id) {
          return reply;
        }
      }
    }

    /** initialize, and the initialized notification: what a client sends first. */
    JsonNode handshake() throws Exception {
      ObjectNode init = args().put("protocolVersion", "2025-06-18");
      init.putObject("capabilities");
      init.putObject("clientInfo").put("name", "test").put("version", "1");
      JsonNode initialized = request("initialize", init);
      send(
          Mappers.JSON
              .createObjectNode()
              .put("jsonrpc", "2.0")
              .put("method", "notifications/initialized"));
      return initialized;
    }

    JsonNode call(String tool, ObjectNode arguments) throws Exception {
      ObjectNode params = Mappers.JSON.createObjectNode().put("name", tool);
      params.set("arguments", arguments);
      return request("tools/call", params).get("result");
    }

    /** Closes the server's input, as a client that goes away does. */
    void end() throws java.io.IOException {
      toServer.close();
    }
  }

  private static ObjectNode args() {
    return Mappers.JSON.createObjectNode();
  }

  private static String text(JsonNode result) {
    return result.at("/content/0/text").asText();
  }

  @Test
  void mcp_overPipes_initializesListsAndAnswersEachTool() throws Exception {
    Session s = new Session(history.fx.env, history.fx.repo);
    {
      JsonNode initialized = s.handshake();
      JsonNode tools = s.request("tools/list", null).at("/result/tools");
      JsonNode search = s.call("search_history", args().put("query", "shell script hello"));
      JsonNode why = s.call("why", args().put("file", "hello.sh").put("start_line", 2));
      JsonNode byHand = s.call("why", args().put("file", "README.md"));
      JsonNode predict = s.call("predict_files", args().put("task", "print hello"));
      JsonNode recent = s.call("recent_work", args());
      JsonNode bad = s.call("search_history", args());
      s.end();

      assertEquals(0, s.exit.get(60, TimeUnit.SECONDS), s.err.toString());
      assertEquals("gitml", initialized.at("/result/serverInfo/name").asText());
      assertEquals(
          List.of("search_history", "why", "predict_files", "recent_work"),
          tools.findValuesAsText("name"));
      assertTrue(text(search).startsWith("chat    " + HistoryRepo.CHAT), text(search));
      assertTrue(text(why).contains("chat " + HistoryRepo.CHAT), text(why));
      assertTrue(text(byHand).contains("no session: written by hand"), text(byHand));
      // no model is trained in this repository: the tool says so, as an error result
      assertTrue(predict.get("isError").asBoolean(), predict.toString());
      assertTrue(text(predict).contains("no trained model yet"), text(predict));
      assertTrue(text(recent).contains("# Hand-off: session " + HistoryRepo.SESSION), text(recent));
      assertTrue(text(recent).contains("Write a shell script called hello.sh"), text(recent));
      assertTrue(text(recent).contains("hello.sh"), text(recent));
      assertTrue(bad.get("isError").asBoolean());
      assertEquals("search_history: 'query' is required", text(bad));
    }
  }

  @Test
  void mcp_trainedModel_predictFilesNamesFiles() throws Exception {
    for (int i = 0; i < 12; i++) {
      history.commitAt(
          "src/greet" + (i % 3) + ".sh",
          "echo greeting " + i + "\n",
          "greet: say hello " + i,
          "2026-02-0" + (1 + i % 9) + "T10:0" + (i % 10) + ":00Z");
    }
    history.fx.gitml("backfill");
    CliRun trained = history.fx.gitml("train");
    assertEquals(0, trained.exit(), trained.err());

    Session s = new Session(history.fx.env, history.fx.repo);
    {
      s.handshake();
      JsonNode predict = s.call("predict_files", args().put("task", "greet hello").put("top", 3));
      s.end();

      assertFalse(predict.path("isError").asBoolean(), predict.toString());
      assertTrue(text(predict).contains("src/greet"), text(predict));
    }
  }

  @Test
  void mcp_childProcess_answersTheSdkClient() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ServerParameters server =
        ServerParameters.builder(java)
            .args(
                "-cp",
                System.getProperty("java.class.path"),
                "dev.gitml.agent.Main",
                "-C",
                history.fx.repo.toString(),
                "mcp")
            .env(history.fx.env)
            .build();
    StdioClientTransport transport =
        new StdioClientTransport(server, new JacksonMcpJsonMapper(Mappers.JSON));
    StringBuilder stderr = new StringBuilder();
    transport.setStdErrorHandler(line -> stderr.append(line).append('\n'));
    McpSyncClient client =
        McpClient.sync(transport)
            .requestTimeout(Duration.ofSeconds(60))
            // gitml.jar leaves the SDK's schema validator out (no tool has an output schema)
            .jsonSchemaValidator(
                (schema, content) -> JsonSchemaValidator.ValidationResponse.asValid(null))
            .build();
    try {
      McpSchema.InitializeResult init = client.initialize();
      McpSchema.ListToolsResult tools = client.listTools();
      McpSchema.CallToolResult why =
          client.callTool(
              McpSchema.CallToolRequest.builder("why")
                  .arguments(Map.of("file", "hello.sh", "start_line", 1, "end_line", 2))
                  .build());

      assertEquals("gitml", init.serverInfo().name());
      assertEquals(4, tools.tools().size());
      String answer = ((McpSchema.TextContent) why.content().get(0)).text();
      assertTrue(answer.contains("chat " + HistoryRepo.CHAT), answer + stderr);
    } finally {
      client.closeGracefully();
    }
  }
}
