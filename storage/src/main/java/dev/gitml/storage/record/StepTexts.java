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
 *
 * <p>Tool outputs likewise: the n-th tool result step's output is the n-th entry of {@code
 * tool_outputs} when both were kept (the first 500 of each), so a stored result step without {@code
 * output} takes that entry's. A chat is stored so only when every result step's output, redacted,
 * is its entry's, from the same tool.
 */
public final class StepTexts {
  static final String CHARS = "chars";
  private static final String TEXT = "text";
  private static final String RESULT = "tool_result";
  private static final String OUTPUT = "output";
  private static final String SEPARATOR = "\n\n";

  private StepTexts() {}

  /**
   * The text steps of a chat's data with their lengths in place of their texts, changed in place,
   * when the response holds them all; {@code data} unchanged otherwise. Returns {@code data}.
   */
  public static ObjectNode compact(ObjectNode data) {
    JsonNode steps = data.get("steps");
    if (steps != null && steps.isArray()) {
      compactTexts(data.get("response"), steps);
      compactOutputs(data.get("tool_outputs"), steps);
    }
    return data;
  }

  /** Text steps with their lengths in place of their texts, when the response holds them all. */
  private static void compactTexts(JsonNode response, JsonNode steps) {
    if (response == null || !response.isTextual()) {
      return;
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
        return;
      }
      if (!texts.isEmpty()) {
        if (!answer.startsWith(SEPARATOR, at)) {
          return;
        }
        at += SEPARATOR.length();
      }
      if (!answer.startsWith(text.textValue(), at)) {
        return;
      }
      at += text.textValue().length();
      texts.add(s);
    }
    for (ObjectNode s : texts) {
      String text = s.remove(TEXT).textValue();
      s.put(CHARS, text.codePointCount(0, text.length()));
    }
  }

  /** Result steps without their outputs, when each is its entry of {@code tool_outputs}. */
  private static void compactOutputs(JsonNode outputs, JsonNode steps) {
    if (outputs == null || !outputs.isArray()) {
      return;
    }
    List<ObjectNode> results = new ArrayList<>();
    for (JsonNode step : steps) {
      if (!RESULT.equals(step.path("kind").asText()) || !(step instanceof ObjectNode s)) {
        continue;
      }
      JsonNode output = s.get(OUTPUT);
      JsonNode entry = outputs.get(results.size());
      if (output == null
          || !output.isTextual()
          || entry == null
          || !output.equals(entry.get(OUTPUT))
          || !s.path("tool").equals(entry.path("tool"))) {
        return;
      }
      results.add(s);
    }
    for (ObjectNode s : results) {
      s.remove(OUTPUT);
    }
  }

  /**
   * {@code steps} with the text of each text step stored by its length read back from {@code
   * response}; the same list when none is. A length past the response's end reads as no text.
   */
  static List<Step> expand(String response, List<JsonNode> outputs, List<Step> steps) {
    boolean any = false;
    for (Step s : steps) {
      any |=
          s.kind() == Step.Kind.TEXT && s.chars() != null
              || s.kind() == Step.Kind.TOOL_RESULT && s.output() == null;
    }
    if (!any) {
      return steps;
    }
    List<Step> out = new ArrayList<>(steps.size());
    String answer = response == null ? "" : response;
    int at = 0;
    int result = 0;
    boolean first = true;
    for (Step s : steps) {
      if (s.kind() == Step.Kind.TOOL_RESULT) {
        JsonNode entry = result < outputs.size() ? outputs.get(result) : null;
        result++;
        out.add(
            s.output() != null || entry == null || !entry.path(OUTPUT).isTextual()
                ? s
                : new Step(
                    s.kind(),
                    s.timestamp(),
                    s.text(),
                    s.tool(),
                    s.callId(),
                    s.arguments(),
                    entry.get(OUTPUT).textValue(),
                    s.success(),
                    s.agentId(),
                    s.chars()));
        continue;
      }
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
   * The output of the result step {@code step} of a chat's stored data: its own, or its entry's of
   * {@code tool_outputs}; null when it has neither.
   */
  public static String output(JsonNode data, int step) {
    JsonNode steps = data.path("steps");
    JsonNode s = steps.path(step);
    if (s.get(OUTPUT) != null || !RESULT.equals(s.path("kind").asText())) {
      return s.path(OUTPUT).isTextual() ? s.get(OUTPUT).textValue() : null;
    }
    int ordinal = 0;
    for (int i = 0; i < step; i++) {
      if (RESULT.equals(steps.get(i).path("kind").asText())) {
        ordinal++;
      }
    }
    JsonNode entry = data.path("tool_outputs").path(ordinal).get(OUTPUT);
    return entry != null && entry.isTextual() ? entry.textValue() : null;
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
        expand(
            response != null && response.isTextual() ? response.textValue() : null,
            List.of(),
            steps)) {
      out.add(s.text());
    }
    return out;
  }

  /**
   * A chat's stored data with every step whole again: text steps given by length take their text
   * back from the response, result steps without an output take their {@code tool_outputs} entry's
   * (what {@code gitml show --json} prints). Other data is returned as it is.
   */
  public static ObjectNode expanded(ObjectNode data) {
    if (!data.path("steps").isArray()) {
      return data;
    }
    ObjectNode copy = data.deepCopy();
    List<String> texts = texts(data);
    int text = 0;
    com.fasterxml.jackson.databind.node.ArrayNode steps =
        (com.fasterxml.jackson.databind.node.ArrayNode) copy.get("steps");
    for (int i = 0; i < steps.size(); i++) {
      if (!(steps.get(i) instanceof ObjectNode step)) {
        continue;
      }
      String kind = step.path("kind").asText();
      if (TEXT.equals(kind)) {
        String t = text < texts.size() ? texts.get(text) : null;
        text++;
        if (step.has(CHARS) && t != null) {
          step.remove(CHARS);
          step.put(TEXT, t);
        }
      } else if (RESULT.equals(kind) && step.get(OUTPUT) == null) {
        String out = output(data, i);
        if (out != null) {
          step.put(OUTPUT, out);
        }
      }
    }
    return copy;
  }
}
