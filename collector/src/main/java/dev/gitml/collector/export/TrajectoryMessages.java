package dev.gitml.collector.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.json.Mappers;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A chat's steps as tool-calling chat messages. The rules (every one so that a fine-tuning tool
 * takes the result as is: OpenAI's and Hugging Face TRL's chat formats):
 *
 * <ul>
 *   <li>the prompt is the user message; the chat's consecutive texts and tool calls, up to the
 *       first result of one of those calls, are one assistant message (texts joined by a blank
 *       line, {@code content} absent when there is none), followed by one {@code tool} message per
 *       call, in call order;
 *   <li>a call with no recorded result (the session ended first, the call was cut by the step
 *       bound) is left out: every {@code tool_call} must be answered, and a made-up answer would
 *       teach the model what the tool never said. So is a second call with the same id;
 *   <li>{@code arguments} is the JSON text of an object (a non-object input is {@code {"input":
 *       …}}); a tool's name keeps only the characters function names may hold ({@code
 *       [A-Za-z0-9_-]}, at most 64);
 *   <li>a chat stored before steps were kept is rebuilt from what it holds: its tool outputs as
 *       calls without arguments ({@code {}}), each answered by its output, then the answer.
 * </ul>
 */
final class TrajectoryMessages {
  private static final Pattern NOT_IN_NAME = Pattern.compile("[^A-Za-z0-9_-]");
  private static final int MAX_NAME = 64;

  /** The messages, the tools called, the subagent runs, and how many calls were left out. */
  record Built(
      List<Trajectory.Message> messages,
      List<Trajectory.Tool> tools,
      List<Run> subagents,
      int droppedCalls,
      boolean rebuilt) {

    /** Whether there is something to learn: a prompt and at least one assistant message. */
    boolean usable() {
      return messages.size() > 1 && messages.get(0).role().equals("user");
    }
  }

  /** A subagent the chat ran, by the call that started it (null when none is known). */
  record Run(String agentId, String callId) {}

  private final List<Trajectory.Message> messages = new ArrayList<>();
  private final Map<String, Map<String, String>> tools = new TreeMap<>();
  private final List<Run> runs = new ArrayList<>();
  private final List<String> texts = new ArrayList<>();
  private final List<Trajectory.ToolCall> calls = new ArrayList<>();
  private final Set<String> callsOfTurn = new HashSet<>();
  private final Set<String> used = new HashSet<>();
  private Map<String, String> results = Map.of();
  private boolean answered;
  private int dropped;

  private TrajectoryMessages() {}

  static Built of(Chat c) {
    TrajectoryMessages b = new TrajectoryMessages();
    String query = c.query() == null ? "" : c.query();
    if (!query.isBlank()) {
      b.messages.add(Trajectory.Message.user(query));
    }
    boolean rebuilt = c.steps().isEmpty();
    if (rebuilt) {
      b.rebuild(c);
    } else {
      b.follow(c.steps());
    }
    List<Trajectory.Tool> tools = new ArrayList<>();
    b.tools.forEach((name, params) -> tools.add(new Trajectory.Tool(name, params)));
    return new Built(List.copyOf(b.messages), tools, List.copyOf(b.runs), b.dropped, rebuilt);
  }

  private void follow(List<Step> steps) {
    results = new HashMap<>();
    for (Step s : steps) {
      if (s.kind() == Step.Kind.TOOL_RESULT && s.callId() != null) {
        results.putIfAbsent(s.callId(), s.output() == null ? "" : s.output());
      }
    }
    for (Step s : steps) {
      switch (s.kind()) {
        case TEXT -> {
          if (s.text() != null && !s.text().isBlank()) {
            nextTurnIfAnswered();
            texts.add(s.text());
          }
        }
        case TOOL_CALL -> {
          nextTurnIfAnswered();
          call(s);
        }
        case TOOL_RESULT -> answered |= s.callId() != null && callsOfTurn.contains(s.callId());
        case SUBAGENT -> runs.add(new Run(s.agentId(), s.callId()));
      }
    }
    endTurn();
  }

  private void call(Step s) {
    String id = s.callId();
    if (id == null || !results.containsKey(id) || !used.add(id)) {
      dropped++;
      return;
    }
    String name = name(s.tool());
    ObjectNode args = arguments(s.arguments());
    Map<String, String> params = tools.computeIfAbsent(name, k -> new TreeMap<>());
    for (Map.Entry<String, JsonNode> e : args.properties()) {
      String type = type(e.getValue());
      if (!type.equals("null")) {
        params.putIfAbsent(e.getKey(), type);
      }
    }
    calls.add(new Trajectory.ToolCall(id, name, json(args)));
    callsOfTurn.add(id);
  }

  /** Starts a new assistant turn when one of the current turn's calls has been answered. */
  private void nextTurnIfAnswered() {
    if (answered) {
      endTurn();
    }
  }

  private void endTurn() {
    if (!texts.isEmpty() || !calls.isEmpty()) {
      messages.add(
          Trajectory.Message.assistant(texts.isEmpty() ? null : String.join("\n\n", texts), calls));
      for (Trajectory.ToolCall c : calls) {
        messages.add(Trajectory.Message.tool(c.id(), results.get(c.id())));
      }
    }
    texts.clear();
    calls.clear();
    callsOfTurn.clear();
    answered = false;
  }

  private void rebuild(Chat c) {
    List<Trajectory.ToolCall> made = new ArrayList<>();
    List<Trajectory.Message> answers = new ArrayList<>();
    for (JsonNode o : c.toolOutputs()) {
      String id = "call_" + made.size();
      String name = name(o.path("tool").asText("tool"));
      tools.computeIfAbsent(name, k -> new TreeMap<>());
      made.add(new Trajectory.ToolCall(id, name, "{}"));
      answers.add(Trajectory.Message.tool(id, o.path("output").asText("")));
    }
    if (!made.isEmpty()) {
      messages.add(Trajectory.Message.assistant(null, made));
      messages.addAll(answers);
    }
    if (c.response() != null && !c.response().isBlank()) {
      messages.add(Trajectory.Message.assistant(c.response(), null));
    }
  }

  /** A function name fine-tuning tools accept. */
  static String name(String tool) {
    String n = NOT_IN_NAME.matcher(tool == null || tool.isBlank() ? "tool" : tool).replaceAll("_");
    return n.length() > MAX_NAME ? n.substring(0, MAX_NAME) : n;
  }

  private static ObjectNode arguments(JsonNode input) {
    if (input instanceof ObjectNode o) {
      return o;
    }
    ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
    if (input != null && !input.isNull() && !input.isMissingNode()) {
      wrapped.set("input", input);
    }
    return wrapped;
  }

  /** The JSON-schema type of a value. */
  private static String type(JsonNode v) {
    return switch (v.getNodeType()) {
      case STRING, BINARY -> "string";
      case NUMBER -> v.isIntegralNumber() ? "integer" : "number";
      case BOOLEAN -> "boolean";
      case ARRAY -> "array";
      case OBJECT, POJO -> "object";
      default -> "null";
    };
  }

  private static String json(JsonNode n) {
    try {
      return Mappers.JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always writes", e);
    }
  }
}
