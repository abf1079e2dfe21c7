package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.RecordData;
import dev.gitml.storage.record.Session;
import dev.gitml.storage.record.TextFields;
import dev.gitml.storage.record.Timestamps;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a session's record and links need of its chats and tool uses, gathered as they pass on their
 * way to the store: ids, prompt previews, files and tool counts, not the records themselves, so it
 * grows with the number of chats, not with the transcript's bytes.
 */
final class SessionSummary {
  private static final int QUERY_PREVIEW = 200;

  private final List<String> chatIds = new ArrayList<>();
  private final List<String> queries = new ArrayList<>();
  private final Set<String> files = new LinkedHashSet<>();
  private final Map<String, Integer> tools = new TreeMap<>();
  private final Map<String, Integer> chatsPerAgent = new TreeMap<>();
  private final List<CommitLinks.Edits> edits = new ArrayList<>();

  /** A record of the session's own transcript. */
  void main(RecordData r) {
    if (r instanceof Chat c) {
      chatIds.add(c.id());
      queries.add(TextFields.cut(c.query(), QUERY_PREVIEW));
    }
    any(r);
  }

  /** A record of one of its subagents' transcripts. */
  void subagent(RecordData r) {
    if (r instanceof Chat c) {
      chatsPerAgent.merge(c.agentId() == null ? "?" : c.agentId(), 1, Integer::sum);
    }
    any(r);
  }

  private void any(RecordData r) {
    if (r instanceof Chat c) {
      files.addAll(c.filesModified());
      files.addAll(c.filesReferenced());
      if (!c.filesModified().isEmpty()) {
        edits.add(
            new CommitLinks.Edits(
                c.id(), Timestamps.millisOrZero(c.timestamp()), Set.copyOf(c.filesModified())));
      }
    } else if (r instanceof Action a) {
      tools.merge(a.tool(), 1, Integer::sum);
    }
  }

  /**
   * A link from the session to each commit made while it ran ({@code commits}, in time order) and,
   * for each chat that changed files, to the later commits that include one of them.
   */
  List<Link> links(TranscriptReader.SessionFacts facts, List<Commit> commits) {
    return CommitLinks.of(facts.sessionId(), edits, commits);
  }

  Session session(String assistant, TranscriptReader.SessionFacts facts, List<Link> links) {
    Set<String> commits = new LinkedHashSet<>();
    for (Link l : links) {
      if (l.kind() == Link.Kind.SESSION_COMMIT) {
        commits.add(l.to());
      }
    }
    ObjectNode orchestration = null;
    if (!facts.agents().isEmpty()) {
      orchestration = JsonNodeFactory.instance.objectNode();
      ArrayNode subs = orchestration.putArray("subagents");
      for (TranscriptReader.Agent a : facts.agents().values()) {
        ObjectNode o = subs.addObject();
        o.put("agent_id", a.id());
        o.put("agent_type", a.type());
        o.put("description", a.description());
        o.put("parent_chat", a.parentChatId());
        o.put("chats", chatsPerAgent.getOrDefault(a.id(), 0));
      }
    }
    String summary =
        facts.compactions().isEmpty() ? null : String.join("\n\n---\n\n", facts.compactions());
    return new Session(
        facts.sessionId(),
        facts.started(),
        facts.ended(),
        assistant,
        facts.cwd(),
        facts.branch(),
        chatIds.size(),
        tools,
        List.copyOf(files),
        List.copyOf(commits),
        chatIds,
        queries,
        summary,
        orchestration);
  }
}
