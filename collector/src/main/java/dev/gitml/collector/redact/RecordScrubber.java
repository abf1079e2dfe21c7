package dev.gitml.collector.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gitml.storage.record.RecordData;
import dev.gitml.storage.record.RecordMapper;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.StepTexts;
import dev.gitml.storage.record.StoredRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Redacts every string in a record's data, however deep (messages, hunks, queries, responses, tool
 * inputs and outputs), in place, before the record's id is computed. Keys are names chosen by gitml
 * and are left alone. Counts what it removed, by rule. Thread-safe: the backfill's workers share
 * one.
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
    if (scrub(data, new HashMap<>())) {
      records.incrementAndGet();
    }
    return data;
  }

  /**
   * A typed record, redacted and hashed, ready to store; a chat's answer is kept once, in its
   * response, when its steps' texts are all there ({@link StepTexts}).
   */
  public StoredRecord record(RecordData payload) {
    return record(payload.recordType(), payload.timestampMillis(), RecordMapper.toData(payload));
  }

  /**
   * As {@link #record(RecordData)}, of a payload's data tree ({@link RecordMapper#toData}), which
   * is redacted in place: the tree is the caller's own copy, so this may run on another thread than
   * the one that read the payload.
   */
  public StoredRecord record(RecordType type, long timestampMillis, ObjectNode data) {
    Map<String, Redaction> seen = new HashMap<>();
    if (type == RecordType.CHAT) {
      joinTextsAroundSecrets(data, seen);
    }
    if (scrub(data, seen)) {
      records.incrementAndGet();
    }
    if (type == RecordType.CHAT) {
      StepTexts.compact(data);
    }
    return StoredRecord.of(type, timestampMillis, data);
  }

  /**
   * A secret whole only across a chat's text steps (a key split over two messages) is found in the
   * joined texts (the response), but in no step alone: those steps become one, the first, holding
   * the joined texts redacted. Each text is redacted once ({@code seen}, shared with the record's
   * scrub: the joined texts are mostly the response itself).
   */
  private void joinTextsAroundSecrets(ObjectNode data, Map<String, Redaction> seen) {
    List<ObjectNode> texts = StepTexts.textSteps(data);
    if (texts.size() < 2) {
      return;
    }
    Redaction whole = redaction(StepTexts.joined(texts), seen);
    if (!whole.changed()) {
      return;
    }
    List<String> apart = new ArrayList<>();
    for (ObjectNode t : texts) {
      apart.add(redaction(t.get("text").textValue(), seen).text());
    }
    if (StepTexts.join(apart).equals(whole.text())) {
      return; // each secret lies in one step
    }
    texts.get(0).put("text", StepTexts.joined(texts));
    // the others go: the first holds their texts, and the response is then its text alone
    Iterator<JsonNode> steps = data.path("steps").elements();
    List<ObjectNode> merged = texts.subList(1, texts.size());
    while (steps.hasNext()) {
      JsonNode step = steps.next();
      if (merged.stream().anyMatch(m -> m == step)) {
        steps.remove();
      }
    }
  }

  /** Secrets removed so far, by rule id. */
  public Map<String, Integer> removedByRule() {
    return new TreeMap<>(removed);
  }

  /** Records that had at least one secret. */
  public long records() {
    return records.get();
  }

  /**
   * Redacts every string under {@code node}; {@code seen} holds the redaction of each text already
   * redacted in this record, since a chat holds its answer twice (its response and its steps) and
   * often the same tool output too: each text is redacted once, counted at each place it appears.
   */
  private boolean scrub(JsonNode node, Map<String, Redaction> seen) {
    boolean changed = false;
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getValue().isTextual()) {
          String clean = clean(field.getValue().asText(), seen);
          if (clean != null) {
            field.setValue(TextNode.valueOf(clean));
            changed = true;
          }
        } else {
          changed |= scrub(field.getValue(), seen);
        }
      }
    } else if (node instanceof ArrayNode array) {
      if (lines(array)) {
        return scrubLines(array, seen);
      }
      for (int i = 0; i < array.size(); i++) {
        JsonNode element = array.get(i);
        if (element.isTextual()) {
          String clean = clean(element.asText(), seen);
          if (clean != null) {
            array.set(i, TextNode.valueOf(clean));
            changed = true;
          }
        } else {
          changed |= scrub(element, seen);
        }
      }
    }
    return changed;
  }

  /**
   * Whether an array is the lines of one text: two or more strings, none holding a line break (a
   * hunk's {@code lines_added}, {@code lines_removed} and context).
   */
  private static boolean lines(ArrayNode array) {
    if (array.size() < 2) {
      return false;
    }
    for (JsonNode element : array) {
      if (!element.isTextual() || element.asText().indexOf('\n') >= 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Redacts the lines of an array as the one text they are: a secret that spans lines (a PEM key, a
   * netrc entry) is found only in the whole, and becomes one marker, so the array loses the lines
   * it covered. Redacted line by line, a key's base64 lines were kept.
   */
  private boolean scrubLines(ArrayNode array, Map<String, Redaction> seen) {
    StringBuilder text = new StringBuilder();
    for (JsonNode element : array) {
      text.append(element.asText()).append('\n');
    }
    text.setLength(text.length() - 1);
    String clean = clean(text.toString(), seen);
    if (clean == null) {
      return false;
    }
    array.removeAll();
    for (String line : clean.split("\n", -1)) {
      array.add(line);
    }
    return true;
  }

  private Redaction redaction(String text, Map<String, Redaction> seen) {
    return seen.computeIfAbsent(text, redactor::redact);
  }

  /** The redacted text, or null when nothing was removed. */
  private String clean(String text, Map<String, Redaction> seen) {
    Redaction r = redaction(text, seen);
    if (!r.changed()) {
      return null;
    }
    r.countsByRule().forEach((rule, n) -> removed.merge(rule, n, Integer::sum));
    return r.text();
  }
}
