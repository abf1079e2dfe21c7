package dev.gitml.collector.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.RecordType;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** The feedback that counts for each target (a chat, a commit): its newest. */
public final class Ratings {
  private Ratings() {}

  /** The newest feedback record's data by target id. */
  public static Map<String, JsonNode> latest(Store store) throws IOException {
    Map<String, JsonNode> latest = new HashMap<>();
    store.scan(RecordType.FEEDBACK, r -> {
      JsonNode d = r.data();
      JsonNode seen = latest.get(d.path("target_id").asText());
      if (seen == null
          || d.path("timestamp").asText("").compareTo(seen.path("timestamp").asText("")) > 0) {
        latest.put(d.path("target_id").asText(), d);
      }
    });
    return latest;
  }
}
