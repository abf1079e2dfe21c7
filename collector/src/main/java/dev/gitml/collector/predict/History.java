package dev.gitml.collector.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.RecordType;
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
 * The commit history the predictor learns from, oldest first: each commit once (amended and
 * rebased versions replaced by their newest), merges left out (their files are another branch's
 * work), ML-data commits were never stored.
 */
public final class History {
  private static final ObjectMapper JSON = new ObjectMapper();

  private History() {}

  /** The commits of a store. */
  public static List<HistoryCommit> of(Store store) throws IOException {
    Set<String> replaced = store.index().replacedKeys();
    Map<String, HistoryCommit> byHash = new LinkedHashMap<>();
    store.scan(RecordType.COMMIT, r -> {
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
          HistoryCommit c = commit(JSON.readTree(line));
          if (c != null) {
            byHash.putIfAbsent(c.hash(), c);
          }
        }
      }
    }
    return ordered(byHash.values());
  }

  private static HistoryCommit commit(JsonNode d) {
    if (d.path("is_merge").asBoolean(false) || d.path("parent_count").asInt(1) > 1) {
      return null;
    }
    String hash = d.path("hash").asText("");
    long millis = Timestamps.millisOrZero(d.path("timestamp").asText(null));
    if (hash.isEmpty() || millis == 0) {
      return null;
    }
    List<String> files = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode f : d.path("files_changed")) {
      // gitml's own data, committed by an earlier gitml, is no part of any task
      if (f.isTextual() && !DataDir.isDataPath(f.textValue()) && seen.add(f.textValue())) {
        files.add(f.textValue());
      }
    }
    return new HistoryCommit(hash, d.path("message").asText(""), millis, files);
  }

  private static List<HistoryCommit> ordered(java.util.Collection<HistoryCommit> commits) {
    List<HistoryCommit> out = new ArrayList<>(commits);
    out.sort(Comparator.comparingLong(HistoryCommit::millis));
    return out;
  }
}
