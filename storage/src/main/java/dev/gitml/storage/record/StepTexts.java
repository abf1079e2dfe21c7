package dev.gitml.storage.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat's answer is kept once: its {@code response} is the texts of its text steps joined by a
 * blank line, so a stored text step gives its length ({@code chars}, in Unicode code points) in
 * place of its text, and its text is read back from the response. A chat is stored so only when,
 * redacted, its response holds every text step's text in order, each after the one before and a
 * blank line; otherwise its steps keep their texts (as chats stored before did), and either form
 * reads as the same {@link Chat}.
 */
public final class StepTexts {
  static final String CHARS = "chars";
  private static final String TEXT = "text";
  private static final String SEPARATOR = "\n\n";

  private StepTexts() {}

  /**
   * The text steps of a chat's data with their lengths in place of their texts, changed in place,
   * when the response holds them all; {@code data} unchanged otherwise. Returns {@code data}.
   */
  public static ObjectNode compact(ObjectNode data) {
    JsonNode response = data.get("response");
    JsonNode steps = data.get("steps");
    if (response == null || !response.isTextual() || steps == null || !steps.isArray()) {
      return data;
    }
    String answer = response.textValue();
    List<ObjectNode> texts = new ArrayList<>();
    int at = 0;
    for (JsonNode step : steps) {
      if (!TEXT.equals(step.path("kind").asText()) || !(step instanceof ObjectNode s)) {
        continue;
      }
      JsonNode text = s.get(TEXT);
      if (text == null || !text.isTextual() || s.has(CHARS)) {
        return data;
      }
      if (!texts.isEmpty()) {
        if (!answer.startsWith(SEPARATOR, at)) {
          return data;
        }
        at += SEPARATOR.length();
      }
      if (!answer.startsWith(text.textValue(), at)) {
        return data;
      }
      at += text.textValue().length();
      texts.add(s);
    }
    for (ObjectNode s : texts) {
      String text = s.remove(TEXT).textValue();
      s.put(CHARS, text.codePointCount(0, text.length()));
    }
    return data;
  }

  /**
   * {@code steps} with the text of each text step stored by its length read back from {@code
   * response}; the same list when none is. A length past the response's end reads as no text.
   */
  static List<Step> expand(String response, List<Step> steps) {
    boolean any = false;
    for (Step s : steps) {
      any |= s.kind() == Step.Kind.TEXT && s.chars() != null;
    }
    if (!any) {
      return steps;
    }
    List<Step> out = new ArrayList<>(steps.size());
    String answer = response == null ? "" : response;
    int at = 0;
    boolean first = true;
    for (Step s : steps) {
      if (s.kind() != Step.Kind.TEXT) {
        out.add(s);
        continue;
      }
      if (!first) {
        at = Math.min(answer.length(), at + SEPARATOR.length());
      }
      first = false;
      String text = s.text();
      if (text == null && s.chars() != null) {
        int end = end(answer, at, s.chars());
        text = end < 0 ? null : answer.substring(at, end);
      }
      at = text == null ? answer.length() : Math.min(answer.length(), at + text.length());
      out.add(Step.text(text, s.timestamp()));
    }
    return out;
  }

  /** The index {@code codePoints} code points after {@code from}, or -1 past the end. */
  private static int end(String s, int from, int codePoints) {
    if (codePoints < 0) {
      return -1;
    }
    int i = from;
    for (int n = 0; n < codePoints; n++) {
      if (i >= s.length()) {
        return -1;
      }
      i += Character.charCount(s.codePointAt(i));
    }
    return i <= s.length() ? i : -1;
  }

  /**
   * The texts of a chat's text steps, in order, from its stored data (read back from the response
   * where a step gives its length); null for a step whose text cannot be read.
   */
  public static List<String> texts(JsonNode data) {
    List<Step> steps = new ArrayList<>();
    for (JsonNode step : data.path("steps")) {
      if (TEXT.equals(step.path("kind").asText())) {
        JsonNode chars = step.get(CHARS);
        steps.add(
            new Step(
                Step.Kind.TEXT,
                null,
                step.path(TEXT).isTextual() ? step.get(TEXT).textValue() : null,
                null,
                null,
                null,
                null,
                null,
                null,
                chars != null && chars.canConvertToInt() ? chars.intValue() : null));
      }
    }
    JsonNode response = data.get("response");
    List<String> out = new ArrayList<>(steps.size());
    for (Step s :
        expand(response != null && response.isTextual() ? response.textValue() : null, steps)) {
      out.add(s.text());
    }
    return out;
  }
}
