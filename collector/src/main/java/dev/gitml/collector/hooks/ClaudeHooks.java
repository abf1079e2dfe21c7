package dev.gitml.collector.hooks;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * gitml's hooks in a settings file shaped as Claude Code's ({@code .claude/settings.json} of a
 * project, or {@code ~/.claude/settings.json}; Codex CLI's {@code hooks.json} and Gemini CLI's
 * {@code .gemini/settings.json} take the same shape: {@code {"hooks": {"<Event>": [{"matcher",
 * "hooks": [{"type": "command", "command"}]}]}}}): one command per event, {@code <launcher>
 * <prefix>:<Event>}, merged with whatever the file holds. Installing again changes nothing;
 * uninstalling removes only gitml's commands (recognized by the launcher's name) and the groups
 * they leave empty, and deletes the file once it holds nothing if gitml created it ({@link
 * CreatedSettings}, in gitml's home): a file the user had stays, even empty.
 */
public final class ClaudeHooks {
  /** The events gitml listens to. */
  public static final List<String> EVENTS =
      List.of(
          "SessionStart", "UserPromptSubmit", "PostToolUse", "Stop", "SubagentStop", "SessionEnd");

  static final String MARK = "gitml-hook";

  /** Claude Code's events and names. */
  public static final Dialect CLAUDE =
      new Dialect("Claude Code", "claude", EVENTS, java.util.Set.of("PostToolUse"), "*", false);

  /** Codex CLI's hooks ({@code hooks.json}), the same shape as Claude Code's. */
  public static final Dialect CODEX =
      new Dialect(
          "Codex CLI",
          "codex",
          List.of("SessionStart", "UserPromptSubmit", "PostToolUse", "Stop"),
          java.util.Set.of("PostToolUse"),
          "*",
          false);

  /** Gemini CLI's hooks ({@code settings.json}); its matchers are regular expressions. */
  public static final Dialect GEMINI =
      new Dialect(
          "Gemini CLI",
          "gemini",
          List.of("SessionStart", "BeforeAgent", "AfterAgent", "AfterTool", "SessionEnd"),
          java.util.Set.of("AfterTool"),
          ".*",
          true);

  /**
   * Which events an assistant's settings get a command for, under which prefix, which of them take
   * a matcher ({@code "*"}: every tool), and whether a command carries a {@code name} (Gemini CLI).
   */
  public record Dialect(
      String assistant,
      String prefix,
      List<String> events,
      java.util.Set<String> toolEvents,
      String anyTool,
      boolean named) {}

  private final Dialect dialect;
  private static final ObjectMapper JSON = Mappers.JSON;

  private final Path settings;
  private final CreatedSettings created;

  /** The hooks in {@code settings}; gitml's home notes whether gitml created that file. */
  public ClaudeHooks(Path settings, Path gitmlHome) {
    this(settings, gitmlHome, CLAUDE);
  }

  /** The hooks of another assistant whose settings take Claude Code's shape. */
  public ClaudeHooks(Path settings, Path gitmlHome, Dialect dialect) {
    this.dialect = dialect;
    this.settings = settings;
    this.created = new CreatedSettings(gitmlHome);
  }

  /** What uninstalling did: the events gitml's command left, and whether the file went too. */
  public record Removed(List<String> events, boolean fileDeleted) {}

  /**
   * The command for a project's settings: the launcher copy in its {@code .git-ml/bin/}. The
   * settings file may be committed while {@code .git-ml/} never is, so a teammate's clone that has
   * not run {@code gitml init} has no launcher: there the command reads the hook's input and exits
   * 0, never an error in the assistant's session.
   */
  public static String projectLauncher() {
    return "[ -f \"$CLAUDE_PROJECT_DIR/.git-ml/bin/gitml-hook\" ] || exec cat >/dev/null;"
        + " sh \"$CLAUDE_PROJECT_DIR/.git-ml/bin/gitml-hook\"";
  }

  /** Adds gitml's command for each event, once; returns per event what was done. */
  public Map<String, HookOutcome> install(String launcher) throws IOException {
    ObjectNode root = read();
    ObjectNode hooks = root.withObjectProperty("hooks");
    Map<String, HookOutcome> done = new LinkedHashMap<>();
    for (String event : dialect.events()) {
      ArrayNode groups = hooks.withArray(event);
      if (ours(groups)) {
        done.put(event, HookOutcome.INSTALLED);
        continue;
      }
      ObjectNode group = groups.addObject();
      if (dialect.toolEvents().contains(event)) {
        group.put("matcher", dialect.anyTool());
      }
      ObjectNode command = group.putArray("hooks").addObject();
      if (dialect.named()) {
        command.put("name", "gitml");
      }
      command.put("type", "command");
      command.put("command", launcher + " " + dialect.prefix() + ":" + event);
      done.put(event, HookOutcome.CREATED);
    }
    if (!Files.exists(settings)) {
      created.creating(settings);
    }
    write(root);
    return done;
  }

  /** The events gitml's command is registered for in the file (none when it is missing). */
  public List<String> installed() throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.exists(settings)) {
      return out;
    }
    JsonNode hooks = read().path("hooks");
    for (String event : dialect.events()) {
      if (hooks.path(event).isArray() && ours((ArrayNode) hooks.get(event))) {
        out.add(event);
      }
    }
    return out;
  }

  /** Removes gitml's commands, and the file if gitml created it and it now holds nothing. */
  public Removed uninstall() throws IOException {
    if (!Files.exists(settings)) {
      created.forget(settings);
      return new Removed(List.of(), false);
    }
    ObjectNode root = read();
    List<String> removed = removeOurs(root);
    if (root.isEmpty() && created.created(settings)) {
      created.delete(settings);
      return new Removed(removed, true);
    }
    if (!removed.isEmpty()) {
      write(root);
    }
    return new Removed(removed, false);
  }

  /** Takes gitml's commands out of {@code root}; returns the events they were in. */
  private static List<String> removeOurs(ObjectNode root) {
    JsonNode hooks = root.get("hooks");
    List<String> removed = new ArrayList<>();
    if (hooks == null || !hooks.isObject()) {
      return removed;
    }
    for (Iterator<Map.Entry<String, JsonNode>> events = hooks.properties().iterator();
        events.hasNext(); ) {
      Map.Entry<String, JsonNode> event = events.next();
      if (!event.getValue().isArray()) {
        continue;
      }
      boolean any = false;
      for (Iterator<JsonNode> groups = event.getValue().elements(); groups.hasNext(); ) {
        JsonNode group = groups.next();
        JsonNode commands = group.get("hooks");
        if (commands == null || !commands.isArray()) {
          continue;
        }
        for (Iterator<JsonNode> it = commands.elements(); it.hasNext(); ) {
          if (isOurs(it.next())) {
            it.remove();
            any = true;
          }
        }
        if (commands.isEmpty()) {
          groups.remove();
        }
      }
      if (any) {
        removed.add(event.getKey());
      }
      if (event.getValue().isEmpty()) {
        events.remove();
      }
    }
    if (hooks.isEmpty()) {
      root.remove("hooks");
    }
    return removed;
  }

  private static boolean ours(ArrayNode groups) {
    for (JsonNode group : groups) {
      for (JsonNode command : group.path("hooks")) {
        if (isOurs(command)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isOurs(JsonNode command) {
    return command.path("command").asText("").contains(MARK);
  }

  private ObjectNode read() throws IOException {
    if (!Files.exists(settings)) {
      return JSON.createObjectNode();
    }
    JsonNode n;
    try {
      n = JSON.readTree(settings.toFile());
    } catch (IOException e) {
      throw new IOException(
          settings
              + ": not valid JSON, left as it is ("
              + e.getMessage().lines().findFirst().orElse("")
              + ")");
    }
    if (n == null || n.isMissingNode()) {
      return JSON.createObjectNode();
    }
    if (!n.isObject() || (n.has("hooks") && !n.get("hooks").isObject())) {
      throw new IOException(
          settings + ": not a " + dialect.assistant() + " settings object, left as it is");
    }
    return (ObjectNode) n;
  }

  private void write(ObjectNode root) throws IOException {
    Files.createDirectories(settings.toAbsolutePath().getParent());
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    byte[] bytes =
        (JSON.writer(pretty).writeValueAsString(root) + "\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    AtomicFiles.write(settings, bytes);
  }
}
