package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Claude Code's transcripts ({@code ~/.claude/projects/<project>/<session>.jsonl}, one JSON object
 * per line, and {@code <session>/subagents/agent-*.jsonl}). A chat starts at a real user prompt: a
 * {@code user} line whose content is the user's text, not a tool result, not {@code isMeta} (hook
 * feedback, reminders), not a compaction summary, not a slash command's wrapper or output, not a
 * background-task notification. Everything until the next real prompt belongs to it, including what
 * the assistant did after its tool calls.
 */
public final class ClaudeTranscript implements TranscriptReader {
  public static final String ASSISTANT = "claude-code";

  /** Most characters of compaction summaries kept for a session, all summaries together. */
  private static final String[] NOT_PROMPTS = {
    "<command-name>",
    "<command-message>",
    "<command-args>",
    "<local-command-",
    "<task-notification>",
    "[Request interrupted by user",
    "Caveat: The messages below were generated",
    "<system-reminder>",
    "<bash-input>",
    "<bash-stdout>",
    "<bash-stderr>",
    "<user-prompt-submit-hook>"
  };

  private final Map<String, Agent> knownAgents;

  /** A reader for main sessions. */
  public ClaudeTranscript() {
    this(Map.of());
  }

  /** A reader that names subagents from their parents' calls ({@code agents} by agent id). */
  public ClaudeTranscript(Map<String, Agent> knownAgents) {
    this.knownAgents = knownAgents;
  }

  @Override
  public String assistant() {
    return ASSISTANT;
  }

  @Override
  public List<Path> subagentTranscripts(Path file, Confinement confinement) throws IOException {
    String name = file.getFileName().toString();
    Path dir =
        file.resolveSibling(
                name.endsWith(".jsonl")
                    ? name.substring(0, name.length() - ".jsonl".length())
                    : name)
            .resolve("subagents");
    List<Path> out = new ArrayList<>();
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    Optional<Path> realDir = confinement.directory(dir);
    if (realDir.isEmpty()) {
      return out;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(realDir.get(), "agent-*.jsonl")) {
      for (Path p : s) {
        // the compaction agent: its summary is in the session's own transcript
        if (!p.getFileName().toString().startsWith("agent-acompact")) {
          confinement.regularFile(p).ifPresent(out::add);
        }
      }
    }
    out.sort(null);
    return out;
  }

  @Override
  public Reading read(Path file, long offset, PathScope scope, boolean finish, Sink sink)
      throws IOException {
    Pass pass = new Pass(scope, offset, sink);
    JsonLines.Read read = JsonLines.read(file, offset, pass::line);
    pass.end = read.end(); // a half-written last line waits
    pass.garbage += read.garbage();
    return pass.result(finish);
  }

  /** One read: the lines in order, and the chat they belong to. */
  private final class Pass {
    private PathScope scope;
    private final Emitted emitted;
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private ChatAccumulator open;
    private long openAt = -1;
    private long end;
    private int garbage;
    private String sessionId;
    private String started;
    private String ended;
    private String cwd;
    private String branch;

    Pass(PathScope scope, long offset, Sink sink) {
      this.scope = scope;
      this.end = offset;
      this.emitted = new Emitted(sink);
    }

    void line(JsonNode line, long at) throws IOException {
      String ts = text(line, "timestamp");
      facts(line, ts);
      String type = line.path("type").asText("");
      JsonNode message = line.path("message");
      if (type.equals("user")) {
        if (line.path("isCompactSummary").asBoolean(false)) {
          emitted.compaction(ChatAccumulator.outputText(message.path("content")));
          return;
        }
        String prompt = realPrompt(line);
        if (prompt != null) {
          close();
          String agentId = text(line, "agentId");
          Agent agent = agentId == null ? null : knownAgents.get(agentId);
          open =
              new ChatAccumulator(
                  text(line, "uuid") == null ? "line-" + at : text(line, "uuid"),
                  sessionId,
                  prompt,
                  ts,
                  ASSISTANT,
                  agentId,
                  agent == null ? null : agent.type(),
                  scope);
          openAt = at;
          return;
        }
        if (open != null) {
          for (JsonNode block : message.path("content")) {
            if (block.path("type").asText().equals("tool_result")) {
              Agent a = open.toolResult(block, line.get("toolUseResult"), ts);
              if (a != null) {
                agents.put(a.id(), a);
              }
            }
          }
          open.seen(ts);
          emitted.completed(open);
        }
      } else if (type.equals("assistant") && open != null && message.isObject()) {
        open.assistantMessage(message, ts);
      }
    }

    private void facts(JsonNode line, String ts) {
      if (sessionId == null) {
        sessionId = text(line, "sessionId");
      }
      if (ts != null) {
        if (started == null) {
          started = ts;
        }
        ended = ts;
      }
      String dir = text(line, "cwd");
      if (dir != null && cwd == null) {
        cwd = dir;
        scope = scope.withCwd(dir);
      }
      String b = text(line, "gitBranch");
      if (b != null && !b.isEmpty()) {
        branch = b;
      }
    }

    private void close() throws IOException {
      if (open != null) {
        emitted.chat(open);
        open = null;
        openAt = -1;
      }
    }

    Reading result(boolean finish) throws IOException {
      // the chat still open is read again next time from its first line (more may come);
      // when the session ended it is returned now as well
      long next = open != null ? openAt : end;
      if (open != null && finish) {
        close();
      }
      return new Reading(
          emitted.chats(),
          emitted.actions(),
          next,
          garbage,
          new SessionFacts(sessionId, started, ended, cwd, branch, emitted.compactions(), agents));
    }
  }

  /** The user's own words if this line is a real prompt; null otherwise. */
  static String realPrompt(JsonNode line) {
    if (line.path("isMeta").asBoolean(false)
        || line.path("isCompactSummary").asBoolean(false)
        || line.path("isVisibleInTranscriptOnly").asBoolean(false)) {
      return null;
    }
    JsonNode content = line.path("message").path("content");
    String text;
    if (content.isTextual()) {
      text = content.textValue();
    } else if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode block : content) {
        String type = block.path("type").asText();
        if (type.equals("tool_result")) {
          return null;
        }
        if (type.equals("text")) {
          sb.append(sb.length() == 0 ? "" : "\n").append(block.path("text").asText(""));
        }
      }
      text = sb.toString();
    } else {
      return null;
    }
    String t = text.strip();
    if (t.isEmpty()) {
      return null;
    }
    for (String prefix : NOT_PROMPTS) {
      if (t.startsWith(prefix)) {
        return null;
      }
    }
    return text;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.textValue() : null;
  }
}
