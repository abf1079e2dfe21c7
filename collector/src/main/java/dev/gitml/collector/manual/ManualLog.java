package dev.gitml.collector.manual;

import dev.gitml.collector.redact.RecordScrubber;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Feedback;
import dev.gitml.storage.record.StoredRecord;
import dev.gitml.storage.record.TextFields;
import dev.gitml.storage.record.Timestamps;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Chats and tool uses told to gitml by hand ({@code gitml chat}, {@code gitml action}), for an
 * assistant or tool gitml does not read. They become the same {@code chat}, {@code action} and
 * {@code feedback} records a transcript gives, redacted the same way; ids are named as the Python
 * collector named them ({@code chat-20261201-173000-3fa2b1}, {@code A-20261201-173000-3fa2b1}), so
 * migrated and new manual records read alike.
 */
public final class ManualLog {
  /** The {@code assistant} of a chat that names none. */
  public static final String MANUAL = "manual";

  /** Characters of an action's target kept, as for a transcript's tool uses. */
  static final int MAX_TARGET = 200;

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Store store;
  private final RecordScrubber scrubber;
  private final Clock clock;
  private final RandomGenerator random;

  public ManualLog(Store store, Redactor redactor, Clock clock, RandomGenerator random) {
    this.store = store;
    this.scrubber = new RecordScrubber(redactor);
    this.clock = clock;
    this.random = random;
  }

  /**
   * One exchange to log. {@code rating} is a feedback value (1 good, 0 neutral, -1 bad) or null;
   * {@code assistant} null means {@link #MANUAL}.
   */
  public record ChatEntry(
      String query,
      String response,
      String sessionId,
      List<String> filesReferenced,
      List<String> filesModified,
      List<String> tools,
      String assistant,
      Integer rating) {
    public ChatEntry {
      if (query == null || query.isBlank()) {
        throw new IllegalArgumentException("a chat needs a query");
      }
      filesReferenced = List.copyOf(filesReferenced);
      filesModified = List.copyOf(filesModified);
      tools = List.copyOf(tools);
    }
  }

  /** Stores the chat (and its rating, as feedback) in one append; returns the chat's id. */
  public String chat(ChatEntry e) throws IOException {
    long now = clock.millis();
    String id = "chat-" + stamp(now);
    String time = Timestamps.iso(now);
    Chat chat =
        new Chat(
            id,
            time,
            e.sessionId(),
            e.query(),
            e.response(),
            e.filesReferenced(),
            e.filesModified(),
            e.tools(),
            List.of(),
            null,
            null,
            null,
            e.assistant() == null ? MANUAL : e.assistant(),
            null,
            null,
            null,
            null);
    List<StoredRecord> records = new ArrayList<>(2);
    records.add(scrubber.record(chat));
    if (e.rating() != null) {
      records.add(scrubber.record(new Feedback("chat", id, e.rating(), null, time, "cli")));
    }
    store.append(records);
    return id;
  }

  /**
   * Stores one tool use: {@code type} becomes the action's {@code tool}, {@code target} (cut to
   * {@value #MAX_TARGET} characters) what it worked on; {@code success} false marks a failed
   * command. Returns the action's id.
   */
  public String action(String type, String target, String sessionId, Boolean success)
      throws IOException {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("an action needs a type");
    }
    long now = clock.millis();
    String id = "A-" + stamp(now);
    Action a =
        new Action(
            id,
            Timestamps.iso(now),
            sessionId,
            type,
            target == null ? null : TextFields.cut(target, MAX_TARGET),
            success,
            null,
            null);
    store.append(List.of(scrubber.record(a)));
    return id;
  }

  /** {@code yyyyMMdd-HHmmss-xxxxxx}: the UTC time and 24 random bits. */
  private String stamp(long millis) {
    byte[] b = new byte[3];
    random.nextBytes(b);
    return ID_TIME.format(java.time.Instant.ofEpochMilli(millis))
        + "-"
        + HexFormat.of().formatHex(b);
  }
}
