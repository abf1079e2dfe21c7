package dev.gitml.collector.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * gitml's MCP server ({@code gitml mcp}, over stdio) in an assistant's JSON settings: {@code
 * {"mcpServers": {"gitml": {"command": "gitml", "args": ["mcp"]}}}}, the shape of Claude Code's
 * {@code .mcp.json} and {@code ~/.claude.json}, Gemini CLI's {@code settings.json} and Cursor's
 * {@code mcp.json}. Merged with what is there; a server the user named {@code gitml} is left as it
 * is; removing takes out only gitml's entry, and the file once it holds nothing if gitml created
 * it.
 */
public final class McpServers {
  /** The server's name in the settings. */
  public static final String NAME = "gitml";

  private final Path file;
  private final CreatedSettings created;

  public McpServers(Path file, Path gitmlHome) {
    this.file = file;
    this.created = new CreatedSettings(gitmlHome);
  }

  /** The command an assistant starts for the server. */
  static ObjectNode server(ObjectNode into, String gitml) {
    into.put("command", gitml);
    into.putArray("args").add("mcp");
    return into;
  }

  /** Registers the server; {@link HookOutcome#INSTALLED} when it was there already. */
  public HookOutcome install(String gitml) throws IOException {
    ObjectNode root = read();
    ObjectNode servers = root.withObjectProperty("mcpServers");
    if (servers.has(NAME)) {
      return ours(servers.get(NAME)) ? HookOutcome.INSTALLED : HookOutcome.FOREIGN;
    }
    server(servers.putObject(NAME), gitml);
    if (!Files.exists(file)) {
      created.creating(file);
    }
    SettingsFile.write(file, root);
    return HookOutcome.CREATED;
  }

  /** Whether gitml's server is registered. */
  public boolean installed() throws IOException {
    return Files.exists(file) && ours(read().path("mcpServers").path(NAME));
  }

  /** Removes gitml's server; whether it was there. */
  public boolean uninstall() throws IOException {
    if (!Files.exists(file)) {
      created.forget(file);
      return false;
    }
    ObjectNode root = read();
    JsonNode servers = root.get("mcpServers");
    if (servers == null || !ours(servers.path(NAME))) {
      return false;
    }
    ((ObjectNode) servers).remove(NAME);
    if (servers.isEmpty()) {
      root.remove("mcpServers");
    }
    if (root.isEmpty() && created.created(file)) {
      created.delete(file);
    } else {
      SettingsFile.write(file, root);
    }
    return true;
  }

  private static boolean ours(JsonNode server) {
    return server.isObject()
        && server.path("args").isArray()
        && List.of("mcp").equals(argList(server.path("args")))
        && server.path("command").asText("").contains("gitml");
  }

  private static List<String> argList(JsonNode args) {
    java.util.List<String> out = new java.util.ArrayList<>();
    args.forEach(a -> out.add(a.asText()));
    return out;
  }

  private ObjectNode read() throws IOException {
    ObjectNode root = SettingsFile.read(file, "a settings object");
    if (root.has("mcpServers") && !root.get("mcpServers").isObject()) {
      throw new IOException(file + ": its mcpServers is not an object, left as it is");
    }
    return root;
  }
}
