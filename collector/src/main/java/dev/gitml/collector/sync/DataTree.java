package dev.gitml.collector.sync;

import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.chunk.ChunkConstants;
import dev.gitml.storage.record.RecordType;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code refs/gitml/data} holds, and where each file of it lives in {@code .git-ml/}. The
 * ref's tree mirrors the data directory:
 *
 * <pre>
 * config.json                              the settings
 * bin/gitml-hook                           the launcher copy (mode 100755)
 * tracked/&lt;stream&gt;/&lt;yyyymm&gt;-&lt;hash16&gt;.jsonl.zst   sealed chunks of the tracked streams
 * </pre>
 *
 * Only files that never change once written are published, besides the two small ones above: never
 * an open segment (it grows), never {@code local/}, the index, models or exports.
 */
final class DataTree {
  static final String CONFIG = "config.json";
  static final String LAUNCHER = "bin/gitml-hook";
  private static final String FILE = "100644";
  private static final String EXECUTABLE = "100755";

  /** A sealed chunk's content-addressed name ({@code SealedChunk.fileName}). */
  private static final Pattern CHUNK = Pattern.compile("[0-9]{6}-[0-9a-f]{16}\\.jsonl\\.zst");

  private DataTree() {}

  /** A file to publish: its path in the tree, its mode, the file in the data directory. */
  record File(String path, String mode, Path source) {}

  /** The files of this data directory to publish now. Call it holding the store lock. */
  static List<File> published(Store store) throws IOException {
    DataDir dir = store.dir();
    List<File> files = new ArrayList<>();
    if (Files.isRegularFile(dir.config())) {
      files.add(new File(CONFIG, FILE, dir.config()));
    }
    Path launcher = dir.resolve(LAUNCHER);
    if (Files.isRegularFile(launcher)) {
      files.add(new File(LAUNCHER, EXECUTABLE, launcher));
    }
    for (RecordType type : RecordType.values()) {
      if (store.config().placement(type) != RecordType.Placement.TRACKED) {
        continue;
      }
      Path streamDir = dir.streamDir(RecordType.Placement.TRACKED, type.stream());
      if (!Files.isDirectory(streamDir)) {
        continue;
      }
      List<File> chunks = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(streamDir)) {
        for (Path f : ds) {
          String name = f.getFileName().toString();
          if (isChunkName(name) && Files.isRegularFile(f)) {
            chunks.add(new File(chunkPath(type, name), FILE, f));
          }
        }
      }
      chunks.sort(java.util.Comparator.comparing(File::path));
      files.addAll(chunks);
    }
    return files;
  }

  /** The tree path of a sealed chunk of {@code type}. */
  static String chunkPath(RecordType type, String name) {
    return RecordType.Placement.TRACKED.dirName() + "/" + type.stream() + "/" + name;
  }

  static boolean isChunkName(String name) {
    return ChunkConstants.isSealedName(name) && CHUNK.matcher(name).matches();
  }

  /**
   * The stream of a tree path {@code tracked/<stream>/<chunk name>}, or empty when the path is not
   * a chunk of a stream this gitml knows (such a path is left alone, never written).
   */
  static Optional<RecordType> chunkStream(String path) {
    String[] parts = path.split("/", -1);
    if (parts.length != 3
        || !parts[0].equals(RecordType.Placement.TRACKED.dirName())
        || !isChunkName(parts[2])) {
      return Optional.empty();
    }
    for (RecordType t : RecordType.values()) {
      if (t.stream().equals(parts[1])) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
