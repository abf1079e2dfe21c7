package dev.gitml.collector.hooks;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An assistant's JSON settings file as gitml edits it: read whole (a file that is not a JSON object
 * is one line of error and is left as it is), changed, and written whole in place of the old one
 * (temporary file, rename), two-space indented as the assistants write them.
 */
final class SettingsFile {
  private SettingsFile() {}

  /** The file's object; an empty one when the file is missing or empty. */
  static ObjectNode read(Path file, String what) throws IOException {
    if (!Files.exists(file)) {
      return Mappers.JSON.createObjectNode();
    }
    JsonNode n;
    try {
      n = Mappers.JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(
          file
              + ": not valid JSON, left as it is ("
              + e.getMessage().lines().findFirst().orElse("")
              + ")");
    }
    if (n == null || n.isMissingNode()) {
      return Mappers.JSON.createObjectNode();
    }
    if (!n.isObject()) {
      throw new IOException(file + ": not " + what + ", left as it is");
    }
    return (ObjectNode) n;
  }

  /** Writes {@code root} in place of the file, creating its folder. */
  static void write(Path file, ObjectNode root) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    byte[] bytes =
        (Mappers.JSON.writer(pretty).writeValueAsString(root) + "\n")
            .getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file, bytes);
  }
}
