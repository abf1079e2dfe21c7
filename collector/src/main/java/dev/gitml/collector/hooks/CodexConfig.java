package dev.gitml.collector.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.gitml.storage.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * gitml's lines in Codex CLI's {@code config.toml}: the {@code [features] codex_hooks = true} flag
 * that turns on the hooks of {@code hooks.json}, and the {@code [mcp_servers.gitml]} table of
 * gitml's MCP server. The file is edited as text, so the user's comments and order stay: each line
 * gitml adds ends in {@value #MARK}, and removing takes out exactly those lines. The file is parsed
 * before (a file that is not TOML is one line of error and stays as it is) and after the edit.
 */
public final class CodexConfig {
  static final String MARK = "# gitml";
  private static final TomlMapper TOML = new TomlMapper();

  private final Path file;
  private final CreatedSettings created;

  /** The file; gitml's home notes whether gitml created it. */
  public CodexConfig(Path file, Path gitmlHome) {
    this.file = file;
    this.created = new CreatedSettings(gitmlHome);
  }

  public Path file() {
    return file;
  }

  /**
   * Turns on Codex's hooks: {@link HookOutcome#INSTALLED} when they were on, {@link
   * HookOutcome#FOREIGN} when the user turned them off (left so).
   */
  public HookOutcome enableHooks() throws IOException {
    JsonNode root = parse(read());
    JsonNode flag = root.path("features").path("codex_hooks");
    if (flag.isBoolean()) {
      return flag.booleanValue() ? HookOutcome.INSTALLED : HookOutcome.FOREIGN;
    }
    List<String> lines = read();
    int header = header(lines, "features");
    if (header >= 0) {
      lines.add(header + 1, "codex_hooks = true  " + MARK);
    } else if (root.has("features")) {
      throw new IOException(
          file + ": its features are not a [features] table; add codex_hooks = true yourself");
    } else {
      lines.add("[features]  " + MARK);
      lines.add("codex_hooks = true  " + MARK);
    }
    write(lines);
    return HookOutcome.CREATED;
  }

  /** Whether the hooks are on (by gitml or by the user). */
  public boolean hooksEnabled() throws IOException {
    return Files.exists(file)
        && parse(read()).path("features").path("codex_hooks").asBoolean(false);
  }

  /** Registers {@code gitml mcp} as {@code [mcp_servers.gitml]}. */
  public HookOutcome addMcpServer(String gitml) throws IOException {
    JsonNode root = parse(read());
    if (root.path("mcp_servers").has(McpServers.NAME)) {
      return hasMark("[mcp_servers.gitml]") ? HookOutcome.INSTALLED : HookOutcome.FOREIGN;
    }
    List<String> lines = read();
    lines.add("[mcp_servers.gitml]  " + MARK);
    lines.add("command = \"" + gitml.replace("\\", "\\\\").replace("\"", "\\\"") + "\"  " + MARK);
    lines.add("args = [\"mcp\"]  " + MARK);
    write(lines);
    return HookOutcome.CREATED;
  }

  public boolean mcpServer() throws IOException {
    return Files.exists(file) && hasMark("[mcp_servers.gitml]");
  }

  /** Removes gitml's lines: those of the hooks flag, or of the MCP server; whether any were. */
  public boolean remove(boolean hooksFlag) throws IOException {
    if (!Files.exists(file)) {
      return false;
    }
    List<String> lines = read();
    parse(lines);
    List<String> kept = new ArrayList<>();
    boolean inMcp = false;
    boolean any = false;
    for (String line : lines) {
      boolean ours = line.stripTrailing().endsWith(MARK);
      if (line.strip().startsWith("[")) {
        inMcp = ours && line.startsWith("[mcp_servers.gitml]");
      }
      boolean mcpLine = ours && inMcp;
      if (ours && (hooksFlag != mcpLine)) {
        any = true;
        continue;
      }
      kept.add(line);
    }
    if (any && kept.stream().allMatch(String::isBlank) && created.created(file)) {
      created.delete(file); // gitml made it, and it held only gitml's lines
    } else if (any) {
      write(kept);
    }
    return any;
  }

  private boolean hasMark(String header) throws IOException {
    for (String line : read()) {
      if (line.startsWith(header) && line.stripTrailing().endsWith(MARK)) {
        return true;
      }
    }
    return false;
  }

  private static int header(List<String> lines, String table) {
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.startsWith("[" + table + "]")) {
        return i;
      }
    }
    return -1;
  }

  private List<String> read() throws IOException {
    if (!Files.exists(file)) {
      return new ArrayList<>();
    }
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  private JsonNode parse(List<String> lines) throws IOException {
    try {
      JsonNode n = TOML.readTree(String.join("\n", lines));
      return n == null ? TOML.createObjectNode() : n;
    } catch (IOException e) {
      throw new IOException(
          file
              + ": not valid TOML, left as it is ("
              + e.getMessage().lines().findFirst().orElse("")
              + ")");
    }
  }

  private void write(List<String> lines) throws IOException {
    parse(lines); // never write a file Codex could not read
    if (!Files.exists(file)) {
      created.creating(file);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    AtomicFiles.write(
        file,
        (String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"))
            .getBytes(StandardCharsets.UTF_8));
  }
}
