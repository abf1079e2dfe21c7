package dev.gitml.collector.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What {@code gitml status} reports of the capture path, kept in {@code state.json} in the
 * home: when the last commit was captured, how many events were processed, and the last errors
 * (a write failure, a repository that could not be read), newest first, at most
 * {@link #MAX_ERRORS}. Written atomically after each pass over the inbox.
 */
public final class DaemonState {
  static final int MAX_ERRORS = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

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

  public void error(Instant when, String message) {
    ArrayNode errors = JSON.createArrayNode();
    errors.addObject().put("time", when.toString()).put("message", message);
    for (JsonNode old : root.path("errors")) {
      if (errors.size() < MAX_ERRORS) {
        errors.add(old);
      }
    }
    root.set("errors", errors);
  }

  /** Forgets the errors once the inbox is empty again. */
  public void clearErrors() {
    root.remove("errors");
  }

  public String lastCapture() {
    return root.path("last_capture").asText(null);
  }

  public JsonNode errors() {
    return root.path("errors").isArray() ? root.get("errors") : JSON.createArrayNode();
  }

  public void save() throws IOException {
    DataDir.writeAtomically(file, JSON.writeValueAsBytes(root));
  }
}
