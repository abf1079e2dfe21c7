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

  /** The text steps of a chat's data that hold their text (not compacted), in order. */
  public static List<ObjectNode> textSteps(ObjectNode data) {
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode step : data.path("steps")) {
      if (step instanceof ObjectNode s
          && TEXT.equals(s.path("kind").asText())
          && s.path(TEXT).isTextual()) {
        out.add(s);
      }
    }
    return out;
  }

  /** Texts of text steps ({@link #textSteps}) as the response holds them. */
  public static String joined(List<ObjectNode> textSteps) {
    return join(textSteps.stream().map(s -> s.get(TEXT).textValue()).toList());
  }

  /** Texts as the response holds them: joined by a blank line. */
  public static String join(List<String> texts) {
    return String.join(SEPARATOR, texts);
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
      if (at < answer.length()
          && Character.isHighSurrogate(answer.charAt(at - 1))
          && Character.isLowSurrogate(answer.charAt(at))) {
        return; // a text that ends inside a character: its length in code points would not
      }
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
    // compaction takes every result step's output or none: a chat where some have one was not
    boolean outputsCompacted =
        steps.stream().noneMatch(s -> s.kind() == Step.Kind.TOOL_RESULT && s.output() != null);
    List<Step> out = new ArrayList<>(steps.size());
    Answer answer = new Answer(response);
    int result = 0;
    for (Step s : steps) {
      if (s.kind() == Step.Kind.TOOL_RESULT) {
        String output =
            s.output() != null || !outputsCompacted ? s.output() : entry(outputs, result);
        result++;
        out.add(
            new Step(
                s.kind(),
                s.timestamp(),
                s.text(),
                s.tool(),
                s.callId(),
                s.arguments(),
                output,
                s.success(),
                s.agentId(),
                s.chars()));
      } else if (s.kind() == Step.Kind.TEXT) {
        out.add(Step.text(answer.next(s.text(), s.chars()), s.timestamp()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** The output of the {@code n}-th entry of {@code tool_outputs}, or null. */
  private static String entry(List<JsonNode> outputs, int n) {
    JsonNode output = n < outputs.size() ? outputs.get(n).get(OUTPUT) : null;
    return output != null && output.isTextual() ? output.textValue() : null;
  }

  /**
   * A response read back as its text steps' texts, in order: each after the one before and a blank
   * line.
   */
  private static final class Answer {
    private final String response;
    private int at;
    private boolean first = true;

    Answer(String response) {
      this.response = response == null ? "" : response;
    }

    /**
     * The next text step's text: its own, or its {@code chars} code points of the response (null
     * past the response's end).
     */
    String next(String own, Integer chars) {
      if (!first) {
        at = Math.min(response.length(), at + SEPARATOR.length());
      }
      first = false;
      String text = own;
      if (text == null && chars != null) {
        int end = end(response, at, chars);
        text = end < 0 ? null : response.substring(at, end);
      }
      at = text == null ? response.length() : Math.min(response.length(), at + text.length());
      return text;
    }
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
   * A chat's stored data with every step whole again, as a {@link Chat} read holds them: text steps
   * given by length take their text back from the response, result steps without an output take
   * their {@code tool_outputs} entry's ({@code gitml show --json}, the {@code steps} table of
   * {@code gitml sql}). Data with no step stored so is returned as it is; other data is copied.
   */
  public static ObjectNode expanded(ObjectNode data) {
    boolean any = false;
    boolean outputsCompacted = true; // every result step's output taken, or none
    for (JsonNode step : data.path("steps")) {
      boolean result = RESULT.equals(step.path("kind").asText());
      any |= step.has(CHARS) || result && !step.has(OUTPUT);
      outputsCompacted &= !(result && step.has(OUTPUT));
    }
    if (!any) {
      return data;
    }
    ObjectNode copy = data.deepCopy();
    Answer answer = new Answer(textOf(data.get("response")));
    List<JsonNode> outputs = new ArrayList<>();
    data.path("tool_outputs").forEach(outputs::add);
    int result = 0;
    for (JsonNode node : copy.get("steps")) {
      if (!(node instanceof ObjectNode step)) {
        continue;
      }
      String kind = step.path("kind").asText();
      if (TEXT.equals(kind)) {
        JsonNode chars = step.get(CHARS);
        String text =
            answer.next(
                textOf(step.get(TEXT)),
                chars != null && chars.canConvertToInt() ? chars.intValue() : null);
        if (chars != null && text != null) {
          step.remove(CHARS);
          step.put(TEXT, text);
        }
      } else if (RESULT.equals(kind)) {
        String output = entry(outputs, result++);
        if (outputsCompacted && output != null) {
          step.put(OUTPUT, output);
        }
      }
    }
    return copy;
  }

  private static String textOf(JsonNode n) {
    return n != null && n.isTextual() ? n.textValue() : null;
  }
}
