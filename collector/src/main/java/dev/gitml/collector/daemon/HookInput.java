package dev.gitml.collector.daemon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gitml.collector.inbox.Event;
import java.io.IOException;
import java.io.InputStream;

/**
 * What gitml reads of an assistant hook's JSON input: the session's working directory and its
 * transcript. The input also carries the tool call (a Write's whole file, megabytes), so it is
 * streamed from the event file and every other value is skipped unread: memory stays flat whatever
 * the payload's size.
 */
record HookInput(String cwd, String transcriptPath) {
  /** A path longer than this is not one. */
  static final int MAX_PATH = 4096;

  private static final JsonFactory JSON = new JsonFactory();

  static HookInput read(Event event) throws IOException {
    String cwd = "";
    String transcript = null;
    try (InputStream in = event.openBody();
        JsonParser p = JSON.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new Event.FormatException(event.name() + ": the hook's input is not a JSON object");
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.VALUE_STRING && field.equals("cwd")) {
          cwd = bounded(p, event);
        } else if (value == JsonToken.VALUE_STRING && field.equals("transcript_path")) {
          transcript = bounded(p, event);
        } else {
          p.skipChildren(); // objects and arrays; a scalar is left unread
        }
      }
    } catch (Event.FormatException e) {
      throw e;
    } catch (IOException e) {
      throw new Event.FormatException(
          event.name()
              + ": the hook's input is not JSON ("
              + e.getMessage().lines().findFirst().orElse("")
              + ")");
    }
    return new HookInput(cwd, transcript);
  }

  private static String bounded(JsonParser p, Event event) throws IOException {
    if (p.getTextLength() > MAX_PATH) {
      throw new Event.FormatException(
          event.name() + ": a path of " + p.getTextLength() + " characters in the hook's input");
    }
    return p.getText();
  }
}
