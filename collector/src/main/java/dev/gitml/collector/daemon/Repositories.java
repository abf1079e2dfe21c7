package dev.gitml.collector.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The repositories set up with {@code gitml init} ({@code repositories.json} in the home, a JSON
 * array of work-tree paths): the daemon reconciles each of them, so commits no hook reported
 * ({@code git am}, a GUI client) are captured on its next pass even when no event names them.
 * Changes are made under a file lock and written whole (temporary file, rename).
 */
public final class Repositories {
  private static final ObjectMapper JSON = Mappers.JSON;

  private final Path file;

  Repositories(Path file) {
    this.file = file;
  }

  /** The registered work trees, in the order they were added; empty when unreadable. */
  public List<Path> list() {
    List<Path> out = new ArrayList<>();
    try {
      if (Files.exists(file)) {
        for (JsonNode n : JSON.readTree(file.toFile())) {
          if (n.isTextual()) {
            out.add(Path.of(n.textValue()));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // a damaged list only costs reconciliation until the next gitml init rewrites it
    }
    return out;
  }

  /** Adds a work tree (absolute, normalized); nothing when it is there already. */
  public void add(Path workTree) throws IOException {
    Path p = workTree.toAbsolutePath().normalize();
    update(
        list -> {
          if (!list.contains(p)) {
            list.add(p);
          }
          return list;
        });
  }

  /** Removes a work tree. */
  public void remove(Path workTree) throws IOException {
    Path p = workTree.toAbsolutePath().normalize();
    update(
        list -> {
          list.remove(p);
          return list;
        });
  }

  @SuppressWarnings("try") // the lock is held for the block, never used in it
  private void update(UnaryOperator<List<Path>> change) throws IOException {
    Files.createDirectories(file.getParent());
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    try (FileChannel ch =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      List<Path> next = change.apply(list());
      ArrayNode a = JSON.createArrayNode();
      next.forEach(p -> a.add(p.toString()));
      AtomicFiles.write(file, Mappers.pretty().writeValueAsBytes(a));
    }
  }
}
