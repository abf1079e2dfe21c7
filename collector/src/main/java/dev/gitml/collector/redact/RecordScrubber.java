package dev.gitml.collector.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gitml.storage.record.RecordData;
import dev.gitml.storage.record.RecordMapper;
import dev.gitml.storage.record.StoredRecord;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Redacts every string in a record's data, however deep (messages, hunks, queries, responses,
 * tool inputs and outputs), in place, before the record's id is computed. Keys are names chosen
 * by gitml and are left alone. Counts what it removed, by rule. Thread-safe: the backfill's
 * workers share one.
 */
public final class RecordScrubber implements UnaryOperator<ObjectNode> {
  private final Redactor redactor;
  private final Map<String, Integer> removed = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong records =
      new java.util.concurrent.atomic.AtomicLong();

  public RecordScrubber(Redactor redactor) {
    this.redactor = redactor;
  }

  @Override
  public ObjectNode apply(ObjectNode data) {
    if (scrub(data)) {
      records.incrementAndGet();
    }
    return data;
  }

  /** Secrets removed so far, by rule id. */
  /** A typed record, redacted and hashed, ready to store. */
  public StoredRecord record(RecordData payload) {
    return StoredRecord.of(payload.recordType(), payload.timestampMillis(),
        apply(RecordMapper.toData(payload)));
  }

  public Map<String, Integer> removedByRule() {
    return new TreeMap<>(removed);
  }

  /** Records that had at least one secret. */
  public long records() {
    return records.get();
  }

  private boolean scrub(JsonNode node) {
    boolean changed = false;
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getValue().isTextual()) {
          String clean = clean(field.getValue().asText());
          if (clean != null) {
            field.setValue(TextNode.valueOf(clean));
            changed = true;
          }
        } else {
          changed |= scrub(field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode element = array.get(i);
        if (element.isTextual()) {
          String clean = clean(element.asText());
          if (clean != null) {
            array.set(i, TextNode.valueOf(clean));
            changed = true;
          }
        } else {
          changed |= scrub(element);
        }
      }
    }
    return changed;
  }

  /** The redacted text, or null when nothing was removed. */
  private String clean(String text) {
    Redaction r = redactor.redact(text);
    if (!r.changed()) {
      return null;
    }
    r.countsByRule().forEach((rule, n) -> removed.merge(rule, n, Integer::sum));
    return r.text();
  }
}
