package dev.gitml.collector.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.Session;
import dev.gitml.storage.record.Timestamps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How subagents were used, from the stored records alone: a session's {@code orchestration} names
 * its subagents (type, description, the chat that started each), the subagents' own chats ({@code
 * agent_id}) say what each did, and {@code chat-commit} links whether that reached a commit. The
 * Python collector read the transcripts again for this; gitml has it already.
 */
public final class Orchestration {
  private Orchestration() {}

  /**
   * One subagent run. {@code seconds} adds up its chats' durations; {@code commits} are those its
   * chats are linked to; {@code children} the subagents it started itself.
   */
  public record Run(
      String agentId,
      String agentType,
      String description,
      String parentChat,
      int chats,
      double seconds,
      Map<String, Integer> tools,
      List<String> filesModified,
      List<String> filesReferenced,
      List<String> commits,
      List<Run> children) {}

  /** A prompt of the session's own that delegated, and the runs it started. */
  public record Delegation(String chatId, String query, List<Run> runs) {}

  /** One session's tree: its delegating prompts, in order. */
  public record SessionTree(
      String sessionId, String assistant, String started, int chats, List<Delegation> prompts) {}

  /** The runs of one agent type, added up. */
  public record TypeSummary(
      String agentType,
      int runs,
      int chats,
      double seconds,
      Map<String, Integer> tools,
      int files,
      int reachedCommit) {}

  /** The whole report; {@code sessionsWithout} counts the sessions that started no subagent. */
  public record Summary(List<TypeSummary> types, List<SessionTree> sessions, int sessionsWithout) {}

  /** The report over every stored session, or only {@code sessionId}'s when it is not null. */
  public static Summary of(Store store, String sessionId) throws IOException {
    Map<String, Session> sessions = new LinkedHashMap<>();
    store.scan(
        Session.class,
        r -> {
          if (sessionId == null || sessionId.equals(r.data().sessionId())) {
            sessions.put(r.data().sessionId(), r.data()); // the newest summary of a session counts
          }
        });
    Map<String, Chat> chats = new LinkedHashMap<>();
    store.scan(
        Chat.class,
        r -> {
          Chat c = r.data();
          if (c.sessionId() != null && sessions.containsKey(c.sessionId())) {
            chats.put(c.id(), c); // a chat stored again after it grew: its last copy
          }
        });
    Map<String, Set<String>> commitsOfChat = new HashMap<>();
    store.scan(
        Link.class,
        r -> {
          Link l = r.data();
          if (l.kind() == Link.Kind.CHAT_COMMIT && chats.containsKey(l.from())) {
            commitsOfChat.computeIfAbsent(l.from(), k -> new LinkedHashSet<>()).add(l.to());
          }
        });
    List<SessionTree> trees = new ArrayList<>();
    List<Run> allRuns = new ArrayList<>();
    int without = 0;
    for (Session s : sessions.values()) {
      SessionTree tree = tree(s, chats, commitsOfChat, allRuns);
      if (tree.prompts().isEmpty()) {
        without++;
      } else {
        trees.add(tree);
      }
    }
    return new Summary(byType(allRuns), trees, without);
  }

  /** A subagent as the session's summary, or else its chats, name it. */
  private record Agent(String id, String type, String description, String parentChat) {}

  private static SessionTree tree(
      Session s,
      Map<String, Chat> chats,
      Map<String, Set<String>> commitsOfChat,
      List<Run> allRuns) {
    Map<String, List<Chat>> chatsOfAgent = new LinkedHashMap<>();
    Map<String, Chat> mainChats = new LinkedHashMap<>();
    Map<String, String> agentOfChat = new HashMap<>();
    for (Chat c : chats.values()) {
      if (!s.sessionId().equals(c.sessionId())) {
        continue;
      }
      if (c.agentId() == null) {
        mainChats.put(c.id(), c);
      } else {
        chatsOfAgent.computeIfAbsent(c.agentId(), k -> new ArrayList<>()).add(c);
        agentOfChat.put(c.id(), c.agentId());
      }
    }
    Map<String, Agent> agents = agents(s, chats.values(), chatsOfAgent);
    Map<String, Run> runs = new LinkedHashMap<>();
    for (Agent a : agents.values()) {
      Run r = run(a, chatsOfAgent.getOrDefault(a.id(), List.of()), commitsOfChat);
      runs.put(a.id(), r);
      allRuns.add(r);
    }
    // nest: a run started from a subagent's chat is that subagent's child
    Map<String, List<Run>> byParentChat = new LinkedHashMap<>();
    runs.values()
        .forEach(
            r -> byParentChat.computeIfAbsent(text(r.parentChat()), k -> new ArrayList<>()).add(r));
    Map<String, Run> nested = new HashMap<>();
    for (Run r : runs.values()) {
      nested.put(r.agentId(), withChildren(r, byParentChat, agentOfChat, new HashSet<>()));
    }
    List<Delegation> prompts = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    for (Chat main : mainChats.values()) {
      List<Run> started = new ArrayList<>();
      for (Run r : byParentChat.getOrDefault(main.id(), List.of())) {
        started.add(nested.get(r.agentId()));
        placed.add(r.agentId());
      }
      if (!started.isEmpty()) {
        prompts.add(new Delegation(main.id(), main.query(), started));
      }
    }
    // runs whose parent is neither a stored main chat nor a subagent's: under an unknown prompt
    List<Run> orphans = new ArrayList<>();
    for (Run r : runs.values()) {
      if (!placed.contains(r.agentId()) && !agentOfChat.containsKey(text(r.parentChat()))) {
        orphans.add(nested.get(r.agentId()));
      }
    }
    if (!orphans.isEmpty()) {
      prompts.add(new Delegation(null, null, orphans));
    }
    return new SessionTree(s.sessionId(), s.assistant(), s.started(), mainChats.size(), prompts);
  }

  private static Run withChildren(
      Run r, Map<String, List<Run>> byParentChat, Map<String, String> agentOfChat, Set<String> on) {
    if (!on.add(r.agentId())) {
      return r; // a cycle in damaged data: stop here
    }
    List<Run> children = new ArrayList<>();
    byParentChat.forEach(
        (parentChat, started) -> {
          if (r.agentId().equals(agentOfChat.get(parentChat))) {
            started.forEach(c -> children.add(withChildren(c, byParentChat, agentOfChat, on)));
          }
        });
    on.remove(r.agentId());
    return new Run(
        r.agentId(),
        r.agentType(),
        r.description(),
        r.parentChat(),
        r.chats(),
        r.seconds(),
        r.tools(),
        r.filesModified(),
        r.filesReferenced(),
        r.commits(),
        List.copyOf(children));
  }

  /** The session's subagents: those its summary names, then any only their chats name. */
  private static Map<String, Agent> agents(
      Session s, Iterable<Chat> chats, Map<String, List<Chat>> chatsOfAgent) {
    Map<String, Agent> agents = new LinkedHashMap<>();
    JsonNode subs = s.orchestration() == null ? null : s.orchestration().path("subagents");
    if (subs != null && subs.isArray()) {
      for (JsonNode n : subs) {
        String id = n.path("agent_id").asText(null);
        if (id != null) {
          agents.put(
              id,
              new Agent(
                  id,
                  n.path("agent_type").asText(null),
                  n.path("description").asText(null),
                  n.path("parent_chat").asText(null)));
        }
      }
    }
    Map<String, String> startedBy = new HashMap<>();
    for (Chat c : chats) {
      if (s.sessionId().equals(c.sessionId()) && c.subagents() != null) {
        c.subagents().forEach(a -> startedBy.putIfAbsent(a, c.id()));
      }
    }
    chatsOfAgent.forEach(
        (id, list) -> {
          if (!agents.containsKey(id)) {
            agents.put(id, new Agent(id, list.get(0).agentType(), null, startedBy.get(id)));
          }
        });
    return agents;
  }

  private static Run run(Agent a, List<Chat> chats, Map<String, Set<String>> commitsOfChat) {
    Map<String, Integer> tools = new TreeMap<>();
    Set<String> modified = new LinkedHashSet<>();
    Set<String> referenced = new LinkedHashSet<>();
    Set<String> commits = new LinkedHashSet<>();
    double seconds = 0;
    for (Chat c : chats) {
      c.toolsUsed().forEach(t -> tools.merge(t, 1, Integer::sum));
      modified.addAll(c.filesModified());
      referenced.addAll(c.filesReferenced());
      commits.addAll(commitsOfChat.getOrDefault(c.id(), Set.of()));
      seconds += c.durationSeconds() == null ? 0 : c.durationSeconds();
    }
    if (seconds == 0 && chats.size() > 1) {
      seconds =
          (Timestamps.millisOrZero(chats.get(chats.size() - 1).timestamp())
                  - Timestamps.millisOrZero(chats.get(0).timestamp()))
              / 1000.0;
    }
    return new Run(
        a.id(),
        a.type() == null ? "unknown" : a.type(),
        a.description(),
        a.parentChat(),
        chats.size(),
        Math.max(0, seconds),
        tools,
        List.copyOf(modified),
        List.copyOf(referenced),
        List.copyOf(commits),
        List.of());
  }

  private static List<TypeSummary> byType(List<Run> runs) {
    Map<String, List<Run>> byType = new TreeMap<>();
    runs.forEach(r -> byType.computeIfAbsent(r.agentType(), k -> new ArrayList<>()).add(r));
    List<TypeSummary> out = new ArrayList<>();
    byType.forEach(
        (type, list) -> {
          Map<String, Integer> tools = new TreeMap<>();
          Set<String> files = new HashSet<>();
          int chats = 0;
          int reached = 0;
          double seconds = 0;
          for (Run r : list) {
            r.tools().forEach((t, n) -> tools.merge(t, n, Integer::sum));
            files.addAll(r.filesModified());
            files.addAll(r.filesReferenced());
            chats += r.chats();
            seconds += r.seconds();
            reached += r.commits().isEmpty() ? 0 : 1;
          }
          out.add(new TypeSummary(type, list.size(), chats, seconds, tools, files.size(), reached));
        });
    return out;
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
