package dev.gitml.collector.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.Store;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.json.Mappers;
import dev.gitml.storage.record.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Your consent to share the aggregates of {@link Patterns}, kept in {@code
 * .git-ml/local/contribute.json} (this clone's, never committed), written whole or not at all. Only
 * with consent are the aggregates written to {@code .git-ml/shared/} ({@link #share}): gitml sends
 * them nowhere and {@code gitml sync} does not publish them; the user shares that folder as they
 * choose.
 */
public final class Contribution {
  private static final ObjectMapper JSON = Mappers.JSON;

  private final Store store;
  private final Clock clock;

  public Contribution(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  private Path file() {
    return store.dir().local().resolve("contribute.json");
  }

  /** Whether sharing is enabled: a missing or unreadable consent file says no. */
  public boolean enabled() {
    try {
      JsonNode n = JSON.readTree(Files.readAllBytes(file()));
      return n.path("enabled").asBoolean(false);
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return false; // consent must be given plainly: a damaged file is no consent
    }
  }

  /** Records consent given or taken back; given, the aggregates are written at once. */
  public void set(boolean enabled) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("enabled", enabled);
    n.put("changed_at", Timestamps.iso(clock.millis()));
    Files.createDirectories(file().getParent());
    AtomicFiles.write(file(), Mappers.pretty().writeValueAsBytes(n));
    if (enabled) {
      share();
    }
  }

  /**
   * Writes the aggregates to {@link #sharedDir()}, the one place they are written, and returns the
   * files written.
   *
   * @throws IllegalStateException without consent: callers check {@link #enabled()} first
   */
  public List<Path> share() throws IOException {
    if (!enabled()) {
      throw new IllegalStateException(
          "no consent to share: nothing may be written to " + sharedDir());
    }
    Map<String, ObjectNode> patterns = preview();
    Patterns.write(patterns, sharedDir());
    return patterns.keySet().stream().map(sharedDir()::resolve).toList();
  }

  /** Exactly what would be shared, by file name. */
  public Map<String, ObjectNode> preview() throws IOException {
    return Patterns.of(store);
  }

  public Path sharedDir() {
    return store.dir().root().resolve("shared");
  }
}
