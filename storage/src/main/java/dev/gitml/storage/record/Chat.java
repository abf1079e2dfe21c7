package dev.gitml.storage.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One exchange with an assistant: a real user prompt and everything until the next one. {@code
 * tool_outputs} holds bounded, redacted outputs ({@code {"tool", "output", "success"}}); {@code
 * agent_id} and {@code agent_type} are set on a subagent's chats only.
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
    String agentType)
    implements RecordData {

  public Chat {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("chat without an id");
    }
    filesReferenced = filesReferenced == null ? List.of() : List.copyOf(filesReferenced);
    filesModified = filesModified == null ? List.of() : List.copyOf(filesModified);
    toolsUsed = toolsUsed == null ? List.of() : List.copyOf(toolsUsed);
    toolOutputs = toolOutputs == null ? List.of() : List.copyOf(toolOutputs);
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
