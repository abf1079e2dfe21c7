package dev.gitml.collector.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.json.Mappers;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.RecordMapper;
import dev.gitml.storage.record.Timestamps;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The commit history the predictor learns from, oldest first: each commit once (amended and rebased
 * versions replaced by their newest), merges left out (their files are another branch's work),
 * ML-data commits were never stored.
 */
public final class History {
  private static final ObjectMapper JSON = Mappers.JSON;

  private History() {}

  /** The commits of a store. */
  public static List<HistoryCommit> of(Store store) throws IOException {
    Set<String> replaced = store.replacedKeys();
    Map<String, HistoryCommit> byHash = new LinkedHashMap<>();
    store.scan(
        Commit.class,
        r -> {
          HistoryCommit c = commit(r.data());
          if (c != null && !replaced.contains(c.hash())) {
            byHash.putIfAbsent(c.hash(), c);
          }
        });
    return ordered(byHash.values());
  }

  /** The commits of a JSONL file of lite commit records (the Python collector's format). */
  public static List<HistoryCommit> of(Path jsonl) throws IOException {
    Map<String, HistoryCommit> byHash = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          HistoryCommit c = commit(lite(JSON.readTree(line)));
          if (c != null) {
            byHash.putIfAbsent(c.hash(), c);
          }
        }
      }
    }
    return ordered(byHash.values());
  }

  /** A line of the Python collector's commits as a lite commit; null when it is none. */
  private static Commit lite(JsonNode line) {
    try {
      return RecordMapper.fromData(line, Commit.class);
    } catch (IllegalArgumentException notACommit) {
      return null; // no hash, or fields of another kind: not a commit this history can use
    }
  }

  private static HistoryCommit commit(Commit c) {
    if (c == null || c.isMerge() || c.parentCount() > 1) {
      return null;
    }
    long millis = Timestamps.millisOrZero(c.timestamp());
    if (millis == 0) {
      return null;
    }
    List<String> files = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String f : c.filesChanged()) {
      // gitml's own data, committed by an earlier gitml, is no part of any task
      if (f != null && !DataDir.isDataPath(f) && seen.add(f)) {
        files.add(f);
      }
    }
    return new HistoryCommit(c.hash(), c.message() == null ? "" : c.message(), millis, files);
  }

  private static List<HistoryCommit> ordered(java.util.Collection<HistoryCommit> commits) {
    List<HistoryCommit> out = new ArrayList<>(commits);
    out.sort(Comparator.comparingLong(HistoryCommit::millis));
    return out;
  }
}
