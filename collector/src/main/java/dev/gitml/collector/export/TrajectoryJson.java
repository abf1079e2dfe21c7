package dev.gitml.collector.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Trajectory} as JSON (docs/formats.md, exports): {@code messages} and {@code
 * tools} in the OpenAI tool-calling chat form, then {@code metadata}. Keys in a fixed order, so
 * that two exports of the same data are byte-identical.
 */
final class TrajectoryJson {
  /** The fields of a trajectory line in a JSONL export, in order ({@code repo} when pooled). */
  static final List<String> JSONL_FIELDS = List.of("messages", "tools", "metadata", "split");

  private TrajectoryJson() {}

  /** {@code "messages": […], "tools": […]}: what supervised fine-tuning reads. */
  static void messagesAndTools(JsonGenerator g, Trajectory t) throws IOException {
    g.writeArrayFieldStart("messages");
    for (Trajectory.Message m : t.messages()) {
      message(g, m);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("tools");
    for (Trajectory.Tool tool : t.tools()) {
      tool(g, tool);
    }
    g.writeEndArray();
  }

  /** {@code "metadata": {…}}. */
  static void metadata(JsonGenerator g, Trajectory.Metadata m) throws IOException {
    g.writeObjectFieldStart("metadata");
    g.writeStringField("assistant", m.assistant());
    g.writeStringField("model", m.model());
    g.writeStringField("session_id", m.sessionId());
    g.writeStringField("chat_id", m.chatId());
    g.writeStringField("timestamp", m.timestamp());
    g.writeStringField("repo", m.repo());
    g.writeArrayFieldStart("commits");
    for (Trajectory.LinkedCommit c : m.commits()) {
      g.writeStartObject();
      g.writeStringField("hash", c.hash());
      g.writeStringField("timestamp", c.timestamp());
      g.writeStringField("message", c.message());
      g.writeStringField("diff", c.diff());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeObjectFieldStart("outcome");
    g.writeBooleanField("committed", m.outcome().committed());
    g.writeBooleanField("reverted", m.outcome().reverted());
    g.writeFieldName("ci_passed");
    if (m.outcome().ciPassed() == null) {
      g.writeNull();
    } else {
      g.writeBoolean(m.outcome().ciPassed());
    }
    g.writeFieldName("rating");
    if (m.outcome().rating() == null) {
      g.writeNull();
    } else {
      g.writeNumber(m.outcome().rating());
    }
    g.writeEndObject();
    g.writeArrayFieldStart("subagents");
    for (Trajectory.SubagentRun r : m.subagents()) {
      g.writeStartObject();
      g.writeStringField("agent_id", r.agentId());
      g.writeStringField("tool_call_id", r.toolCallId());
      g.writeArrayFieldStart("chat_ids");
      for (String id : r.chatIds()) {
        g.writeString(id);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeNumberField("dropped_calls", m.droppedCalls());
    g.writeBooleanField("rebuilt", m.rebuilt());
    g.writeEndObject();
  }

  private static void message(JsonGenerator g, Trajectory.Message m) throws IOException {
    g.writeStartObject();
    g.writeStringField("role", m.role());
    if (m.content() != null) {
      g.writeStringField("content", m.content());
    }
    if (!m.toolCalls().isEmpty()) {
      g.writeArrayFieldStart("tool_calls");
      for (Trajectory.ToolCall c : m.toolCalls()) {
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", c.name());
        g.writeStringField("arguments", c.arguments());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    if (m.toolCallId() != null) {
      g.writeStringField("tool_call_id", m.toolCallId());
    }
    g.writeEndObject();
  }

  private static void tool(JsonGenerator g, Trajectory.Tool t) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "function");
    g.writeObjectFieldStart("function");
    g.writeStringField("name", t.name());
    g.writeObjectFieldStart("parameters");
    g.writeStringField("type", "object");
    g.writeObjectFieldStart("properties");
    for (Map.Entry<String, String> p : new java.util.TreeMap<>(t.parameters()).entrySet()) {
      g.writeObjectFieldStart(p.getKey());
      g.writeStringField("type", p.getValue());
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
  }
}
