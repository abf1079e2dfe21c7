package dev.gitml.storage;

import dev.gitml.storage.chunk.Chunks;
import dev.gitml.storage.chunk.LineVisitor;
import dev.gitml.storage.record.RecordCodec;
import dev.gitml.storage.record.RecordFormatException;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StoredRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every chunk file of a data directory without trusting the index: sealed chunks end to end
 * ({@link Chunks#verifySealed}), open segments line by line, and every record's id against its
 * content. A problem is one line naming the file and the place.
 */
final class Verifier {
  private final DataDir dir;

  Verifier(DataDir dir) {
    this.dir = dir;
  }

  VerifyReport verify() throws IOException {
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    long[] records = {0};
    int files = 0;
    for (RecordType type : RecordType.values()) {
      for (IndexSync.DiskFile f : IndexSync.list(dir, type)) {
        files++;
        String label = f.relative();
        LineVisitor check = recordCheck(type, label, problems, records);
        if (f.sealed()) {
          problems.addAll(Chunks.verifySealed(f.path(), label, IndexSync.soundRecord(type), check));
        } else {
          try {
            long end = Chunks.scanOpen(f.path(), 0, check);
            if (end < f.size()) {
              notes.add(
                  label
                      + ": torn last line ("
                      + (f.size() - end)
                      + " bytes after offset "
                      + end
                      + "), cut off on the next write");
            }
          } catch (IOException e) {
            problems.add(label + ": " + e.getMessage());
          }
        }
      }
    }
    return new VerifyReport(files, records[0], List.copyOf(problems), List.copyOf(notes));
  }

  private static LineVisitor recordCheck(
      RecordType type, String label, List<String> problems, long[] records) {
    int[] ordinal = {0};
    return (at, buf, off, len) -> {
      int n = ordinal[0]++;
      records[0]++;
      StoredRecord r;
      try {
        r = RecordCodec.parse(buf, off, len);
      } catch (RecordFormatException e) {
        problems.add(label + ": record " + n + " (" + IndexSync.where(at) + "): " + e.getMessage());
        return;
      }
      if (r.type() != type) {
        problems.add(
            label
                + ": record "
                + n
                + " is a "
                + r.type().wireName()
                + " record in the "
                + type.stream()
                + " stream");
      } else if (!r.idMatchesContent()) {
        problems.add(label + ": record " + n + " (" + IndexSync.where(at) + ") fails its hash");
      }
    };
  }
}
