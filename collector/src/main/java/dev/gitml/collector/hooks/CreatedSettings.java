package dev.gitml.collector.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Claude Code settings files gitml created, so that uninstalling deletes one once it holds
 * nothing, and never a file the user had. Kept in gitml's home as {@code claude-settings.json}:
 *
 * <pre>
 * {"created": {"&lt;settings file, absolute&gt;": {"dirs": ["&lt;folder gitml created&gt;", …]}}}
 * </pre>
 *
 * {@code dirs} lists the folders made for the file, deepest first; each is removed when empty.
 */
final class CreatedSettings {
  static final String FILE = "claude-settings.json";
  private static final ObjectMapper JSON = Mappers.JSON;

  private final Path ledger;

  CreatedSettings(Path gitmlHome) {
    this.ledger = gitmlHome.resolve(FILE);
  }

  /** Notes that gitml is about to create {@code settings}, and the folders it needs. */
  void creating(Path settings) throws IOException {
    List<Path> dirs = new ArrayList<>();
    for (Path d = key(settings).getParent(); d != null && !Files.exists(d); d = d.getParent()) {
      dirs.add(d);
    }
    ObjectNode root = read();
    // a folder gitml made for another of its files (.cursor/ for hooks.json, then mcp.json)
    // goes with whichever of them is deleted last
    for (JsonNode other : root.path("created")) {
      for (JsonNode d : other.path("dirs")) {
        Path dir = Path.of(d.asText());
        if (key(settings).startsWith(dir) && !dirs.contains(dir)) {
          dirs.add(dir);
        }
      }
    }
    dirs.sort((a, b) -> b.getNameCount() - a.getNameCount());
    ArrayNode list =
        root.withObjectProperty("created").putObject(key(settings).toString()).putArray("dirs");
    dirs.forEach(d -> list.add(d.toString()));
    write(root);
  }

  boolean created(Path settings) throws IOException {
    return read().path("created").has(key(settings).toString());
  }

  /**
   * Deletes {@code settings}, which gitml created, and the folders made for it that are empty;
   * forgets it.
   */
  void delete(Path settings) throws IOException {
    Files.deleteIfExists(settings);
    for (JsonNode dir : read().path("created").path(key(settings).toString()).path("dirs")) {
      Path d = Path.of(dir.asText());
      try (var entries = Files.list(d)) {
        if (entries.findAny().isPresent()) {
          break; // the user keeps something there: this folder and those above it stay
        }
      } catch (NoSuchFileException gone) {
        continue;
      }
      Files.delete(d);
    }
    forget(settings);
  }

  /** Forgets {@code settings} (it is gone, or the user has made it theirs). */
  void forget(Path settings) throws IOException {
    ObjectNode root = read();
    if (root.path("created").has(key(settings).toString())) {
      ((ObjectNode) root.get("created")).remove(key(settings).toString());
      write(root);
    }
  }

  private static Path key(Path settings) {
    return settings.toAbsolutePath().normalize();
  }

  private ObjectNode read() throws IOException {
    try {
      JsonNode n = JSON.readTree(Files.readAllBytes(ledger));
      if (n instanceof ObjectNode o && (!o.has("created") || o.get("created").isObject())) {
        return o;
      }
      throw new IOException(ledger + ": not gitml's list of created settings files");
    } catch (NoSuchFileException e) {
      return JSON.createObjectNode();
    }
  }

  private void write(ObjectNode root) throws IOException {
    AtomicFiles.createPrivateDirectories(ledger.getParent());
    AtomicFiles.write(ledger, Mappers.pretty().writeValueAsBytes(root));
  }
}
