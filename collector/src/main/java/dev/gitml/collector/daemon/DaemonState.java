package dev.gitml.collector.daemon;

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
import java.time.Instant;

/**
 * What {@code gitml status} reports of the capture path, kept in {@code state.json} in the home:
 * when the last commit was captured (by a hook's event or by the catch-up pass), how many events
 * were processed, the last errors (a write failure, a repository that could not be read), newest
 * first, at most {@link #MAX_ERRORS}, and once they stop, the outage they made (from, to, how many
 * errors, the last one), so a recovered outage leaves a trace. Written atomically after each pass
 * over the inbox that changed it.
 */
public final class DaemonState {
  static final int MAX_ERRORS = 10;
  private static final ObjectMapper JSON = Mappers.JSON;

  private final Path file;
  private final ObjectNode root;

  private DaemonState(Path file, ObjectNode root) {
    this.file = file;
    this.root = root;
  }

  public static DaemonState load(Path file) {
    try {
      JsonNode n = JSON.readTree(Files.readAllBytes(file));
      if (n instanceof ObjectNode o) {
        return new DaemonState(file, o);
      }
    } catch (NoSuchFileException e) {
      // first run
    } catch (IOException e) {
      // unreadable state is rebuilt: it only feeds `gitml status`
    }
    return new DaemonState(file, JSON.createObjectNode());
  }

  public void captured(Instant when, int events) {
    root.put("last_capture", when.toString());
    root.put("processed", root.path("processed").asLong() + events);
  }

  /** Commits captured by the catch-up pass (no hook reported them). */
  public void caughtUp(Instant when) {
    root.put("last_capture", when.toString());
  }

  public void error(Instant when, String message) {
    ArrayNode errors = JSON.createArrayNode();
    errors.addObject().put("time", when.toString()).put("message", message);
    for (JsonNode old : root.path("errors")) {
      if (errors.size() < MAX_ERRORS) {
        errors.add(old);
      }
    }
    root.set("errors", errors);
    root.put("error_count", root.path("error_count").asLong() + 1);
  }

  /**
   * The errors stopped (the inbox drained): they are summed up as the last outage, which {@code
   * gitml status} keeps showing, and the list starts empty again.
   */
  public void recovered(Instant when) {
    JsonNode errors = root.path("errors");
    if (!errors.isArray() || errors.isEmpty()) {
      return;
    }
    ObjectNode outage = JSON.createObjectNode();
    outage.put("from", errors.get(errors.size() - 1).path("time").asText());
    outage.put("to", when.toString());
    outage.put("errors", root.path("error_count").asLong(errors.size()));
    outage.put("last", errors.get(0).path("message").asText());
    root.set("last_outage", outage);
    root.remove("errors");
    root.remove("error_count");
  }

  /** The last outage that ended, or a missing node. */
  public JsonNode lastOutage() {
    return root.path("last_outage");
  }

  public String lastCapture() {
    return root.path("last_capture").asText(null);
  }

  public JsonNode errors() {
    return root.path("errors").isArray() ? root.get("errors") : JSON.createArrayNode();
  }

  public void save() throws IOException {
    AtomicFiles.write(file, JSON.writeValueAsBytes(root));
  }
}
