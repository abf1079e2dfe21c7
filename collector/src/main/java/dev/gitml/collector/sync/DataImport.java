package dev.gitml.collector.sync;

import dev.gitml.storage.Store;
import dev.gitml.storage.chunk.ChunkConstants;
import dev.gitml.storage.chunk.Chunks;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.record.RecordCodec;
import dev.gitml.storage.record.RecordFormatException;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StoredRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Brings the sealed chunks of a data commit (a teammate's, fetched) into {@code .git-ml/}: each
 * chunk this clone lacks is written under a hidden temporary name, checked end to end (blocks, the
 * SHA-256 of its content against its name, every record's id against its content), and only then
 * renamed to its name, where the store's next catch-up indexes it. Union: nothing here ever deletes
 * or replaces a file, so an import never loses a record; a name already present holds the same
 * bytes (content-addressed).
 */
final class DataImport {
  private DataImport() {}

  /** What an import did: chunks written, chunks already present, chunks refused and why. */
  record Outcome(int added, int present, List<String> refused) {}

  /** Imports the chunks of {@code commit}'s tree. Call it holding the store lock. */
  static Outcome run(Store store, Plumbing git, String commit) throws IOException {
    int added = 0;
    int present = 0;
    List<String> refused = new ArrayList<>();
    for (Plumbing.Entry e : git.listTree(commit)) {
      RecordType type = DataTree.chunkStream(e.path()).orElse(null);
      if (type == null) {
        continue; // config.json, the launcher, or a path of a newer gitml: not records
      }
      Path dir = store.dir().streamDir(store.config().placement(type), type.stream());
      String name = e.path().substring(e.path().lastIndexOf('/') + 1);
      Path target = dir.resolve(name);
      if (Files.exists(target)) {
        present++;
        continue;
      }
      AtomicFiles.createPrivateDirectories(dir);
      // the temporary keeps the chunk's name inside it, so the check of the content hash against
      // the name holds for it; ".*.tmp" is what Compactor.recover sweeps after a crash
      Path tmp = dir.resolve("." + name + "." + UUID.randomUUID() + ChunkConstants.TMP_SUFFIX);
      try {
        Files.write(tmp, git.blob(e.blob()));
        List<String> problems = check(tmp, e.path(), type);
        if (!problems.isEmpty()) {
          refused.add(
              problems.get(0)
                  + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
          continue;
        }
        AtomicFiles.restrict(tmp, AtomicFiles.FILE);
        AtomicFiles.move(tmp, target);
        added++;
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    if (added > 0) {
      for (RecordType t : RecordType.values()) {
        Path dir = store.dir().streamDir(store.config().placement(t), t.stream());
        if (Files.isDirectory(dir)) {
          AtomicFiles.fsyncDirectory(dir);
        }
      }
    }
    return new Outcome(added, present, List.copyOf(refused));
  }

  /** The problems of a fetched chunk, one line each naming it by its path in the data commit. */
  private static List<String> check(Path file, String label, RecordType type) {
    List<String> problems = new ArrayList<>();
    long[] n = {0};
    problems.addAll(
        Chunks.verifySealed(
            file,
            label,
            (buf, off, len) -> false,
            (at, buf, off, len) -> {
              n[0]++;
              try {
                StoredRecord r = RecordCodec.parse(buf, off, len);
                if (r.type() != type) {
                  problems.add(
                      "chunk "
                          + label
                          + ": record "
                          + n[0]
                          + " is a "
                          + r.type().wireName()
                          + " record in the "
                          + type.stream()
                          + " stream");
                } else if (!r.idMatchesContent()) {
                  problems.add("chunk " + label + ": record " + n[0] + " fails its hash");
                }
              } catch (RecordFormatException ex) {
                problems.add("chunk " + label + ": record " + n[0] + ": " + ex.getMessage());
              }
            }));
    return problems;
  }
}
