package dev.gitml.collector.redact;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.gitml.storage.json.Mappers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code gitml redact --jsonl}: one {@code {"id", "text"}} line in, one {@code {"id", "text",
 * "redactions"}} line out, in input order, flushed whenever the input pauses. A line that is not
 * such an object gets {@code {"id": null, "error": "line N: …"}}.
 *
 * <p>A bounded pipeline: this thread reads bytes and cuts them into batches of whole lines; a pool
 * of one worker per core parses, redacts and writes each batch's output lines; a writer thread
 * takes the batches' results in input order. At most {@link #IN_FLIGHT} batches per worker are read
 * ahead, so memory stays bounded whatever the input's size. Lines are parsed from and written to
 * UTF-8 bytes: no line passes through a {@code String} of its JSON, and a text in which nothing was
 * found is written back as the bytes it came in (the same JSON string, its escapes as the input
 * wrote them), not encoded again.
 */
public final class JsonlRedaction {
  /** A batch closes at this many bytes of input, or sooner when the input pauses. */
  private static final int BATCH_BYTES = 1 << 16;

  private static final int IN_FLIGHT = 4;
  private static final ObjectMapper MAPPER = Mappers.JSON;
  private static final String EXPECTED = "expected {\"id\": …, \"text\": \"…\"}";

  private final Redactor redactor;
  private final int workers;

  public JsonlRedaction(Redactor redactor, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, not " + workers);
    }
    this.redactor = redactor;
    this.workers = workers;
  }

  /**
   * Redacts every line of {@code in} onto {@code out}, describing unreadable lines on {@code err};
   * returns how many lines could not be read (each still got an output line).
   */
  public long run(InputStream in, PrintStream out, PrintStream err) throws IOException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "gitml-redact");
              t.setDaemon(true);
              return t;
            });
    BlockingQueue<Future<Result>> pending = new ArrayBlockingQueue<>(workers * IN_FLIGHT);
    CompletableFuture<Long> written =
        CompletableFuture.supplyAsync(
            () -> write(pending, out, err),
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "gitml-redact-writer");
                  t.setDaemon(true);
                  return t;
                }));
    try {
      read(in, pool, pending);
      pending.put(CompletableFuture.completedFuture(null)); // the end
      return written.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("redaction interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw new IllegalStateException("redaction failed: " + e.getCause(), e.getCause());
    } finally {
      written.cancel(true);
      pool.shutdownNow();
    }
  }

  /** Cuts the input into batches of whole lines and hands each to the pool, in order. */
  private void read(InputStream in, ExecutorService pool, BlockingQueue<Future<Result>> pending)
      throws IOException, InterruptedException {
    byte[] chunk = new byte[BATCH_BYTES];
    Batch batch = new Batch(1);
    int n;
    while ((n = in.read(chunk)) >= 0) {
      int from = 0;
      for (int i = 0; i < n; i++) {
        if (chunk[i] == '\n') {
          batch.append(chunk, from, i);
          batch.endLine();
          from = i + 1;
        }
      }
      batch.append(chunk, from, n);
      if (batch.lines() > 0 && (batch.size() >= BATCH_BYTES || in.available() == 0)) {
        Batch full = batch;
        batch = full.next();
        pending.put(pool.submit(() -> redact(full)));
      }
    }
    if (batch.size() > 0) {
      batch.endLine(); // the last line had no newline
    }
    if (batch.lines() > 0) {
      Batch last = batch;
      pending.put(pool.submit(() -> redact(last)));
    }
  }

  /** Writes the batches' output in order, flushing when nothing more is ready. */
  private static long write(
      BlockingQueue<Future<Result>> pending, OutputStream out, PrintStream err) {
    long bad = 0;
    try {
      while (true) {
        Result r = pending.take().get();
        if (r == null) {
          out.flush();
          return bad;
        }
        out.write(r.bytes());
        for (String message : r.errors()) {
          err.println("gitml: " + message);
        }
        bad += r.errors().size();
        if (pending.isEmpty()) {
          out.flush(); // a caller waiting for this answer gets it now
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("writer interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    }
  }

  private Result redact(Batch batch) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() + batch.size() / 8 + 64);
    List<String> errors = new ArrayList<>(0);
    char[] chars = new char[1024];
    try (JsonGenerator json = MAPPER.createGenerator(out)) {
      json.setRootValueSeparator(null); // lines end with the '\n' written below
      for (int i = 0; i < batch.lines(); i++) {
        Request request;
        try {
          request = parse(batch.bytes(), batch.start(i), batch.end(i));
        } catch (JsonProcessingException | IllegalArgumentException e) {
          String message =
              "line "
                  + (batch.firstLine() + i)
                  + ": "
                  + (e instanceof JsonProcessingException j
                      ? "not JSON: " + j.getOriginalMessage()
                      : e.getMessage());
          errors.add(message);
          json.writeStartObject();
          json.writeNullField("id");
          json.writeStringField("error", message);
          json.writeEndObject();
          json.writeRaw('\n');
          continue;
        }
        Redaction r =
            redactor instanceof RuleRedactor rules
                ? rules.redact(request.text(), request.chars())
                : redactor.redact(request.text());
        json.writeStartObject();
        json.writeFieldName("id");
        json.writeTree(request.id());
        json.writeFieldName("text");
        if (r.findings().isEmpty() && request.quoted() >= 0) {
          // Nothing found: the text's own bytes, escapes and all, as they came in.
          json.writeRawUTF8String(batch.bytes(), request.quoted() + 1, request.quotedLength() - 2);
        } else {
          chars = writeString(json, r.text(), chars);
        }
        json.writeArrayFieldStart("redactions");
        writeFindings(json, request.text(), r);
        json.writeEndArray();
        json.writeEndObject();
        json.writeRaw('\n');
      }
    }
    return new Result(out.toByteArray(), errors);
  }

  /**
   * Writes a string value from an array of its characters, which the generator reads directly;
   * given a {@code String} it calls {@code charAt} per character, which costs several times as much
   * under the launcher's C1 compiler. Returns the array, grown if it had to be.
   */
  private static char[] writeString(JsonGenerator json, String text, char[] chars)
      throws IOException {
    int n = text.length();
    if (chars.length < n) {
      chars = new char[Math.max(n, chars.length * 2)];
    }
    text.getChars(0, n, chars, 0);
    json.writeString(chars, 0, n);
    return chars;
  }

  /**
   * A line's {@code id} (null when absent) and {@code text}, the text's characters (copied from the
   * parser's buffer, which saves the redactor copying them out of the string), and where the text's
   * JSON string is in the batch's bytes, its quotes included ({@code quoted} -1 when it is not
   * there as it was read: a line decoded again after bad UTF-8).
   */
  private record Request(JsonNode id, String text, char[] chars, int quoted, int quotedLength) {}

  /**
   * One line parsed from its UTF-8 bytes; a line that is not valid UTF-8 is read as a decoder reads
   * it, each bad byte a replacement character, as a text reader would.
   */
  private static Request parse(byte[] bytes, int start, int end) throws IOException {
    try (JsonParser p = MAPPER.createParser(bytes, start, end - start)) {
      return parse(p, bytes, start);
    } catch (JsonProcessingException e) {
      String decoded = new String(bytes, start, end - start, StandardCharsets.UTF_8);
      byte[] again = decoded.getBytes(StandardCharsets.UTF_8);
      if (Arrays.equals(again, 0, again.length, bytes, start, end)) {
        throw e; // valid UTF-8: the JSON itself is broken
      }
      try (JsonParser p = MAPPER.createParser(decoded)) {
        return parse(p, null, 0);
      }
    }
  }

  /**
   * Reads the request object's fields as they stream by, keeping only {@code id} as a tree: the
   * text goes from the parser's buffer to one string, with no tree around it. What a tree would
   * make of the line stays: the last of repeated fields wins, anything after the object is ignored,
   * and a line that is not an object is parsed whole, so its error is the same. {@code bytes}, when
   * the parser reads them from {@code start}, locate the text's string.
   */
  private static Request parse(JsonParser p, byte[] bytes, int start) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      MAPPER.readTree(p); // a broken line's JSON error, else the shape error below
      throw new IllegalArgumentException(EXPECTED);
    }
    JsonNode id = null;
    String text = null;
    char[] chars = null;
    int quoted = -1;
    int quotedLength = 0;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken value = p.nextToken();
      if (name.equals("text")) {
        text = null;
        quoted = -1;
        if (value == JsonToken.VALUE_STRING) {
          // Byte offsets count from where the parser began; the token spans its two quotes.
          long from = p.currentTokenLocation().getByteOffset();
          char[] buffer = p.getTextCharacters();
          int offset = p.getTextOffset();
          chars = Arrays.copyOfRange(buffer, offset, offset + p.getTextLength());
          text = new String(chars);
          long to = p.currentLocation().getByteOffset();
          if (bytes != null
              && from >= 0
              && to - from >= 2
              && bytes[start + (int) from] == '"'
              && bytes[start + (int) to - 1] == '"') {
            quoted = start + (int) from;
            quotedLength = (int) (to - from);
          }
        }
        p.skipChildren();
      } else if (name.equals("id")) {
        id = MAPPER.readTree(p);
      } else {
        p.skipChildren();
      }
    }
    if (text == null) {
      throw new IllegalArgumentException(EXPECTED);
    }
    return new Request(id == null ? NullNode.getInstance() : id, text, chars, quoted, quotedLength);
  }

  /** The findings with offsets counted in Unicode code points of {@code input}. */
  public static ArrayNode codePointFindings(String input, Redaction r) {
    ArrayNode list = MAPPER.createArrayNode();
    int[] at = new int[2];
    for (Redaction.Finding f : r.findings()) {
      int[] span = codePoints(input, f, at);
      list.addObject().put("rule", f.rule()).put("start", span[0]).put("end", span[1]);
    }
    return list;
  }

  /** As {@link #codePointFindings}, written as they are counted. */
  private static void writeFindings(JsonGenerator json, String input, Redaction r)
      throws IOException {
    int[] at = new int[2];
    for (Redaction.Finding f : r.findings()) {
      int[] span = codePoints(input, f, at);
      json.writeStartObject();
      json.writeStringField("rule", f.rule());
      json.writeNumberField("start", span[0]);
      json.writeNumberField("end", span[1]);
      json.writeEndObject();
    }
  }

  /**
   * A finding's span in code points, counting on from the previous finding: {@code at} holds the
   * char offset and code point count where that one ended, and is moved past this one.
   */
  private static int[] codePoints(String input, Redaction.Finding f, int[] at) {
    int start = at[1] + input.codePointCount(at[0], f.start());
    int end = start + input.codePointCount(f.start(), f.end());
    at[0] = f.end();
    at[1] = end;
    return new int[] {start, end};
  }

  private record Result(byte[] bytes, List<String> errors) {}

  private static final class UncheckedIOException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedIOException(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  /**
   * Whole lines of input, stored end to end without their {@code \n}; a line's {@code [start, end)}
   * leaves out a {@code \r} before it.
   */
  private static final class Batch {
    private final long firstLine;
    private byte[] bytes = new byte[BATCH_BYTES + 1024];
    private int size;
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int lines;

    /** Where the line being read began. */
    private int lineStart;

    Batch(long firstLine) {
      this.firstLine = firstLine;
    }

    void append(byte[] b, int from, int to) {
      int n = to - from;
      if (size + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
      }
      System.arraycopy(b, from, bytes, size, n);
      size += n;
    }

    void endLine() {
      int end = size > lineStart && bytes[size - 1] == '\r' ? size - 1 : size;
      if (lines == ends.length) {
        starts = Arrays.copyOf(starts, lines * 2);
        ends = Arrays.copyOf(ends, lines * 2);
      }
      starts[lines] = lineStart;
      ends[lines++] = end;
      lineStart = size;
    }

    /** The next batch, holding the part of a line read so far. */
    Batch next() {
      Batch b = new Batch(firstLine + lines);
      b.append(bytes, lineStart, size);
      size = lineStart;
      return b;
    }

    long firstLine() {
      return firstLine;
    }

    byte[] bytes() {
      return bytes;
    }

    int size() {
      return size;
    }

    int lines() {
      return lines;
    }

    int start(int line) {
      return starts[line];
    }

    int end(int line) {
      return ends[line];
    }
  }
}
