package dev.gitml.collector.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * gitml's hooks in a hooks file of version 1 with one list of commands per event: Cursor's {@code
 * .cursor/hooks.json} ({@code {"version": 1, "hooks": {"stop": [{"command": "…"}]}}}) and GitHub
 * Copilot CLI's {@code .github/hooks/*.json} ({@code [{"type": "command", "bash": "…"}]}). Merged
 * with what the file holds; installing again changes nothing; uninstalling removes only gitml's
 * entries (recognized by the launcher's name), and the file once it holds nothing if gitml created
 * it.
 */
public final class FlatHooks {
  /** Cursor's agent hooks. */
  public static final Dialect CURSOR =
      new Dialect(
          "Cursor", "cursor", List.of("beforeSubmitPrompt", "afterFileEdit", "stop"), "command");

  /** GitHub Copilot CLI's hooks. */
  public static final Dialect COPILOT =
      new Dialect(
          "GitHub Copilot CLI",
          "copilot",
          List.of("sessionStart", "userPromptSubmitted", "postToolUse", "sessionEnd"),
          "bash");

  /** An assistant's events, the prefix of gitml's event names, and the key of the command. */
  public record Dialect(String assistant, String prefix, List<String> events, String commandKey) {}

  private final Path file;
  private final Dialect dialect;
  private final CreatedSettings created;

  public FlatHooks(Path file, Path gitmlHome, Dialect dialect) {
    this.file = file;
    this.dialect = dialect;
    this.created = new CreatedSettings(gitmlHome);
  }

  /** Adds gitml's command for each event, once; returns per event what was done. */
  public Map<String, HookOutcome> install(String launcher) throws IOException {
    ObjectNode root = read();
    if (!root.has("version")) {
      root.put("version", 1);
    }
    ObjectNode hooks = root.withObjectProperty("hooks");
    Map<String, HookOutcome> done = new LinkedHashMap<>();
    for (String event : dialect.events()) {
      ArrayNode entries = hooks.withArray(event);
      if (ours(entries)) {
        done.put(event, HookOutcome.INSTALLED);
        continue;
      }
      ObjectNode entry = entries.addObject();
      if (!dialect.commandKey().equals("command")) {
        entry.put("type", "command");
      }
      entry.put(dialect.commandKey(), launcher + " " + dialect.prefix() + ":" + event);
      entry.put(dialect.commandKey().equals("command") ? "timeout" : "timeoutSec", 10);
      done.put(event, HookOutcome.CREATED);
    }
    if (!Files.exists(file)) {
      created.creating(file);
    }
    SettingsFile.write(file, root);
    return done;
  }

  /** The events gitml's command is registered for. */
  public List<String> installed() throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.exists(file)) {
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

  /** Removes gitml's entries, and the file if gitml created it and it now holds nothing. */
  public ClaudeHooks.Removed uninstall() throws IOException {
    if (!Files.exists(file)) {
      created.forget(file);
      return new ClaudeHooks.Removed(List.of(), false);
    }
    ObjectNode root = read();
    List<String> removed = new ArrayList<>();
    JsonNode hooks = root.get("hooks");
    if (hooks != null && hooks.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> events = hooks.properties().iterator();
          events.hasNext(); ) {
        Map.Entry<String, JsonNode> event = events.next();
        if (!event.getValue().isArray()) {
          continue;
        }
        boolean any = false;
        for (Iterator<JsonNode> it = event.getValue().elements(); it.hasNext(); ) {
          if (isOurs(it.next())) {
            it.remove();
            any = true;
          }
        }
        if (any) {
          removed.add(event.getKey());
          if (event.getValue().isEmpty()) {
            events.remove();
          }
        }
      }
      if (hooks.isEmpty()) {
        root.remove("hooks");
      }
    }
    boolean empty = root.isEmpty() || (root.size() == 1 && root.has("version"));
    if (empty && created.created(file)) {
      created.delete(file);
      return new ClaudeHooks.Removed(removed, true);
    }
    if (!removed.isEmpty()) {
      SettingsFile.write(file, root);
    }
    return new ClaudeHooks.Removed(removed, false);
  }

  private boolean ours(ArrayNode entries) {
    for (JsonNode e : entries) {
      if (isOurs(e)) {
        return true;
      }
    }
    return false;
  }

  private boolean isOurs(JsonNode entry) {
    return entry.path(dialect.commandKey()).asText("").contains(ClaudeHooks.MARK);
  }

  private ObjectNode read() throws IOException {
    ObjectNode root = SettingsFile.read(file, "a " + dialect.assistant() + " hooks file");
    if (root.has("hooks") && !root.get("hooks").isObject()) {
      throw new IOException(file + ": not a " + dialect.assistant() + " hooks file, left as it is");
    }
    return root;
  }
}
