package dev.gitml.collector.export;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chat as an agent trajectory (docs/formats.md, exports, {@code trajectory}): the messages in
 * the tool-calling chat form fine-tuning tools take (a user prompt, assistant turns with {@code
 * tool_calls}, a {@code tool} message answering each call, in call order), the tools called with
 * the shapes of their arguments, and what became of the work ({@link Metadata}). {@code split} is
 * its split; {@code repo} its partition in an export of many repositories (null in one of one).
 */
public record Trajectory(
    List<Message> messages, List<Tool> tools, Metadata metadata, String split, String repo) {

  public Trajectory {
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
    Objects.requireNonNull(metadata, "metadata");
  }

  /**
   * A message: {@code user}, {@code assistant} (its text, null when it only called tools, and its
   * calls), or {@code tool} (the result of the call {@code toolCallId}).
   */
  public record Message(String role, String content, List<ToolCall> toolCalls, String toolCallId) {
    public Message {
      toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    static Message user(String content) {
      return new Message("user", content, null, null);
    }

    static Message assistant(String content, List<ToolCall> calls) {
      return new Message("assistant", content, calls, null);
    }

    static Message tool(String callId, String content) {
      return new Message("tool", content, null, callId);
    }
  }

  /** A call of the function {@code name}; {@code arguments} is JSON text of an object. */
  public record ToolCall(String id, String name, String arguments) {}

  /** A tool called in the trajectory: each argument seen, with its JSON type, sorted by name. */
  public record Tool(String name, Map<String, String> parameters) {
    public Tool {
      parameters = Map.copyOf(parameters);
    }
  }

  /**
   * Where the trajectory comes from and what became of it. {@code rebuilt}: the chat was stored
   * before steps were kept, its tool calls rebuilt from its outputs (without arguments). {@code
   * droppedCalls}: calls left out because no result was recorded for them.
   */
  public record Metadata(
      String assistant,
      String model,
      String sessionId,
      String chatId,
      String timestamp,
      String repo,
      List<LinkedCommit> commits,
      Outcome outcome,
      List<SubagentRun> subagents,
      int droppedCalls,
      boolean rebuilt) {
    public Metadata {
      commits = List.copyOf(commits);
      subagents = List.copyOf(subagents);
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /** A commit the chat led to, with its diff (bounded as a commit-message input is). */
  public record LinkedCommit(String hash, String timestamp, String message, String diff) {}

  /**
   * What became of the work: committed, reverted later (a stored commit says {@code This reverts
   * commit <hash>} of one of them), passed CI (null: gitml keeps no CI results yet), and the user's
   * rating (null when none).
   */
  public record Outcome(boolean committed, boolean reverted, Boolean ciPassed, Integer rating) {}

  /** A subagent the chat ran, by the call that started it, and the subagent's own chats. */
  public record SubagentRun(String agentId, String toolCallId, List<String> chatIds) {
    public SubagentRun {
      chatIds = List.copyOf(chatIds);
    }
  }

  /** This trajectory, from the repository named {@code name}, in the split {@code to}. */
  Trajectory in(String name, String to) {
    return new Trajectory(messages, tools, metadata, to, name);
  }
}
