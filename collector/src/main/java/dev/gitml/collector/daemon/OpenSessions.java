package dev.gitml.collector.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Assistant sessions that have reported but not ended ({@code sessions.json} in the home): a
 * session whose SessionEnd never comes (a crash, a closed terminal) is summed up once it has been
 * quiet for {@link #IDLE_MILLIS}. Only the daemon, which holds its lock, writes the file.
 */
final class OpenSessions {
  static final long IDLE_MILLIS = 30 * 60_000;
  private static final ObjectMapper JSON = Mappers.JSON;

  private final Path file;

  OpenSessions(Path file) {
    this.file = file;
  }

  /** A session's transcript, the repository it works in, and when it last reported. */
  record Open(Path transcript, Path repo, long lastMillis) {}

  /** Notes that the session of {@code transcript} reported at {@code now}. */
  void touch(Path transcript, Path repo, long now) throws IOException {
    Map<String, Open> all = read();
    all.put(transcript.toString(), new Open(transcript, repo, now));
    write(all);
  }

  void remove(Path transcript) throws IOException {
    Map<String, Open> all = read();
    if (all.remove(transcript.toString()) != null) {
      write(all);
    }
  }

  /** The sessions quiet since before {@code now - IDLE_MILLIS}. */
  Map<String, Open> idle(long now) throws IOException {
    Map<String, Open> out = new LinkedHashMap<>();
    read()
        .forEach(
            (k, v) -> {
              if (now - v.lastMillis() >= IDLE_MILLIS) {
                out.put(k, v);
              }
            });
    return out;
  }

  private Map<String, Open> read() throws IOException {
    Map<String, Open> out = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException damaged) {
      return out; // a damaged list loses only the idle summaries it held
    }
    if (root == null || !root.isObject()) {
      return out;
    }
    root.properties()
        .iterator()
        .forEachRemaining(
            e ->
                out.put(
                    e.getKey(),
                    new Open(
                        Path.of(e.getKey()),
                        Path.of(e.getValue().path("repo").asText("/")),
                        e.getValue().path("last").asLong())));
    return out;
  }

  private void write(Map<String, Open> all) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    all.forEach(
        (k, v) -> root.putObject(k).put("repo", v.repo().toString()).put("last", v.lastMillis()));
    Files.createDirectories(file.getParent());
    AtomicFiles.write(file, Mappers.pretty().writeValueAsBytes(root));
  }
}
