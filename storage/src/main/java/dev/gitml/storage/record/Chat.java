package dev.gitml.storage.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One exchange with an assistant: a real user prompt and everything until the next one. {@code
 * tool_outputs} holds bounded, redacted outputs ({@code {"tool", "output", "success"}}); {@code
 * agent_id} and {@code agent_type} are set on a subagent's chats only. {@code steps} is the chat's
 * trajectory: every text, tool call, tool result and subagent run in order (absent on chats stored
 * before steps were kept).
 */
public record Chat(
    String id,
    String timestamp,
    String sessionId,
    String query,
    String response,
    List<String> filesReferenced,
    List<String> filesModified,
    List<String> toolsUsed,
    List<JsonNode> toolOutputs,
    Integer queryTokens,
    Integer responseTokens,
    Double durationSeconds,
    String assistant,
    String model,
    List<String> subagents,
    String agentId,
    String agentType,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Step> steps)
    implements RecordData {

  /** A chat without its steps (stored before steps were kept, or from a source without them). */
  public Chat(
      String id,
      String timestamp,
      String sessionId,
      String query,
      String response,
      List<String> filesReferenced,
      List<String> filesModified,
      List<String> toolsUsed,
      List<JsonNode> toolOutputs,
      Integer queryTokens,
      Integer responseTokens,
      Double durationSeconds,
      String assistant,
      String model,
      List<String> subagents,
      String agentId,
      String agentType) {
    this(
        id,
        timestamp,
        sessionId,
        query,
        response,
        filesReferenced,
        filesModified,
        toolsUsed,
        toolOutputs,
        queryTokens,
        responseTokens,
        durationSeconds,
        assistant,
        model,
        subagents,
        agentId,
        agentType,
        null);
  }

  @JsonCreator
  public Chat {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("chat without an id");
    }
    filesReferenced = filesReferenced == null ? List.of() : List.copyOf(filesReferenced);
    filesModified = filesModified == null ? List.of() : List.copyOf(filesModified);
    toolsUsed = toolsUsed == null ? List.of() : List.copyOf(toolsUsed);
    toolOutputs = toolOutputs == null ? List.of() : List.copyOf(toolOutputs);
    steps = steps == null ? List.of() : List.copyOf(StepTexts.expand(response, toolOutputs, steps));
  }

  @Override
  public RecordType recordType() {
    return RecordType.CHAT;
  }

  @Override
  public long timestampMillis() {
    return Timestamps.millisOrZero(timestamp);
  }
}
