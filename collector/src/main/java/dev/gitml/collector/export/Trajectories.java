package dev.gitml.collector.export;

import dev.gitml.collector.capture.Reverts;
import dev.gitml.collector.ci.CiResults;
import dev.gitml.collector.report.Ratings;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.CiResult;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Feedback;
import dev.gitml.storage.record.Link;
import dev.gitml.storage.record.Timestamps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code trajectory} task read from a store: one {@link Trajectory} per main chat (a subagent's
 * chats are pointed to from the chat that ran it, not examples of their own), in stored order. A
 * chat stored more than once (again when it grew, again with its steps after an earlier gitml
 * stored it without) is taken once, as the copy with the most steps. What it needs of the rest of
 * the store is read first, each kept small: the chat-to-commit links, the commits those name (with
 * their diffs), the hashes some commit reverts, the ratings, and which chats each subagent had.
 */
final class Trajectories {
  /** Most commits listed for one chat, oldest first. */
  static final int MAX_COMMITS = 20;

  /** What {@code git revert} writes into the message of the commit that reverts {@code <hash>}. */

  /** Receives trajectories. */
  @FunctionalInterface
  interface Sink {
    void accept(Trajectory t) throws IOException;
  }

  private final Map<String, Set<String>> chatCommits = new HashMap<>();
  private final Map<String, String> newer = new HashMap<>();
  private final Map<String, List<String>> agentChats = new HashMap<>();
  private ChatCopies copies;
  private final Map<String, Trajectory.LinkedCommit> commits = new HashMap<>();
  private final Set<String> revertedPrefixes = new HashSet<>();
  private Map<String, Feedback> ratings = Map.of();
  private Map<String, CiResult> ci = Map.of();

  private Trajectories() {}

  /**
   * The trajectories of the chats in the window, rated as {@code f} asks, of repository {@code
   * repo}.
   */
  static void read(Store store, Examples.Filter f, String repo, Sink out) throws IOException {
    Trajectories t = new Trajectories();
    t.links(store);
    t.chats(store);
    t.commits(store);
    t.ratings = Ratings.latest(store);
    t.ci = CiResults.latestByCommit(store);
    t.emit(store, f, repo, out);
  }

  private void links(Store store) throws IOException {
    store.scan(
        Link.class,
        r -> {
          Link l = r.data();
          switch (l.kind()) {
            case CHAT_COMMIT ->
                chatCommits.computeIfAbsent(l.from(), k -> new LinkedHashSet<>()).add(l.to());
            case SUPERSEDES -> newer.put(l.to(), l.from());
            case REVERTS -> revertedPrefixes.add(l.to()); // gitml revert, or found at capture
            default -> {} // a session's commits: the chat that made them is linked on its own
          }
        });
  }

  /** Which chats each subagent had. */
  private void chats(Store store) throws IOException {
    store.scan(
        Chat.class,
        r -> {
          Chat c = r.data();
          if (c.agentId() != null) {
            List<String> ids =
                agentChats.computeIfAbsent(agent(c, c.agentId()), k -> new ArrayList<>());
            if (!ids.contains(c.id())) {
              ids.add(c.id());
            }
          }
        });
    copies = ChatCopies.of(store);
  }

  /** The commits some chat links to (as their newest version), and the hashes reverted. */
  private void commits(Store store) throws IOException {
    Set<String> wanted = new HashSet<>();
    chatCommits.values().forEach(hs -> hs.forEach(h -> wanted.add(newest(h))));
    store.scan(
        CommitFull.class,
        r -> {
          CommitFull c = r.data();
          String message = reverts(c.message(), c.hash());
          if (wanted.contains(c.hash()) && !commits.containsKey(c.hash())) {
            commits.put(
                c.hash(),
                new Trajectory.LinkedCommit(
                    c.hash(), c.timestamp(), message.stripTrailing(), Examples.diff(c.hunks())));
          }
        });
    // a teammate's commit (pulled: the lite stream is shared, full commits are not) has no diff
    // here
    store.scan(
        Commit.class,
        r -> {
          Commit c = r.data();
          String message = reverts(c.message(), c.hash());
          if (wanted.contains(c.hash()) && !commits.containsKey(c.hash())) {
            commits.put(
                c.hash(),
                new Trajectory.LinkedCommit(
                    c.hash(), c.timestamp(), message.stripTrailing(), null));
          }
        });
  }

  /** Notes the commits a message says it reverts; the message, absent read as empty. */
  private String reverts(String message, String hash) {
    revertedPrefixes.addAll(Reverts.said(message, hash)); // commits stored before reverts links
    return message == null ? "" : message;
  }

  private void emit(Store store, Examples.Filter f, String repo, Sink out) throws IOException {
    store.scan(
        Chat.class,
        r -> {
          Chat c = r.data();
          if (c.agentId() != null || !f.inWindow(r.ts()) || !copies.chosen(c.id(), r.id())) {
            return;
          }
          Feedback rating = ratings.get(c.id());
          Integer value = rating == null ? null : rating.rating();
          if (f.minRating() != null && (value == null || value < f.minRating())) {
            return;
          }
          TrajectoryMessages.Built b = TrajectoryMessages.of(c);
          if (!b.usable()) {
            return;
          }
          String session =
              c.sessionId() == null || c.sessionId().isEmpty() ? c.id() : c.sessionId();
          List<Trajectory.SubagentRun> runs = runs(c, b);
          List<Trajectory.LinkedCommit> linked = linked(c, runs);
          boolean reverted = linked.stream().anyMatch(lc -> reverted(lc.hash()));
          out.accept(
              new Trajectory(
                  b.messages(),
                  b.tools(),
                  new Trajectory.Metadata(
                      c.assistant(),
                      c.model(),
                      c.sessionId(),
                      c.id(),
                      c.timestamp(),
                      repo,
                      linked,
                      new Trajectory.Outcome(!linked.isEmpty(), reverted, ciPassed(linked), value),
                      runs,
                      b.droppedCalls(),
                      b.rebuilt()),
                  f.split(session),
                  null));
        });
  }

  /** The subagents the chat ran: from its steps, else (stored before steps) its list of them. */
  private List<Trajectory.SubagentRun> runs(Chat c, TrajectoryMessages.Built b) {
    List<Trajectory.SubagentRun> runs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (TrajectoryMessages.Run run : b.subagents()) {
      if (run.agentId() != null && seen.add(run.agentId())) {
        runs.add(
            new Trajectory.SubagentRun(
                run.agentId(),
                run.callId(),
                agentChats.getOrDefault(agent(c, run.agentId()), List.of())));
      }
    }
    if (c.subagents() != null) {
      for (String a : c.subagents()) {
        if (a != null && seen.add(a)) {
          runs.add(
              new Trajectory.SubagentRun(a, null, agentChats.getOrDefault(agent(c, a), List.of())));
        }
      }
    }
    return runs;
  }

  /** The commits the chat or one of its subagents' chats led to, each once, oldest first. */
  private List<Trajectory.LinkedCommit> linked(Chat c, List<Trajectory.SubagentRun> runs) {
    Set<String> hashes = new LinkedHashSet<>();
    chatCommits.getOrDefault(c.id(), Set.of()).forEach(h -> hashes.add(newest(h)));
    for (Trajectory.SubagentRun run : runs) {
      for (String id : run.chatIds()) {
        chatCommits.getOrDefault(id, Set.of()).forEach(h -> hashes.add(newest(h)));
      }
    }
    List<Trajectory.LinkedCommit> out = new ArrayList<>();
    for (String h : hashes) {
      Trajectory.LinkedCommit lc = commits.get(h);
      if (lc != null) {
        out.add(lc);
      }
    }
    out.sort(
        Comparator.comparingLong(
                (Trajectory.LinkedCommit lc) -> Timestamps.millisOrZero(lc.timestamp()))
            .thenComparing(Trajectory.LinkedCommit::hash));
    return out.size() > MAX_COMMITS ? List.copyOf(out.subList(0, MAX_COMMITS)) : out;
  }

  /**
   * Whether CI passed on the linked commits: false when the latest result of one failed, true when
   * every one with a result passed, null when none has a finished result.
   */
  private Boolean ciPassed(List<Trajectory.LinkedCommit> linked) {
    Boolean passed = null;
    for (Trajectory.LinkedCommit lc : linked) {
      CiResult r = ci.get(lc.hash());
      if (r == null || r.result() == null) {
        continue;
      }
      switch (r.result()) {
        case "pass" -> passed = passed == null || passed;
        case "fail", "error" -> {
          return false;
        }
        default -> {} // pending, unknown: not an outcome yet
      }
    }
    return passed;
  }

  private boolean reverted(String hash) {
    for (String prefix : revertedPrefixes) {
      if (hash.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The newest version of a commit an amend or a rebase replaced. */
  private String newest(String hash) {
    String h = hash;
    for (int i = 0; i < 100 && newer.containsKey(h); i++) {
      h = newer.get(h);
    }
    return h;
  }

  /** A subagent's key: its id within its session (ids are short, and only unique there). */
  private static String agent(Chat c, String agentId) {
    return (c.sessionId() == null ? "" : c.sessionId()) + "\u0000" + agentId;
  }
}
