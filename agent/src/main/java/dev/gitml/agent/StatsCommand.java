package dev.gitml.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.report.Linkage;
import dev.gitml.collector.report.PerAssistant;
import dev.gitml.storage.Store;
import dev.gitml.storage.config.Config;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.Timestamps;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code gitml stats [--json]}: what has been collected and progress toward each milestone. Commits
 * and sessions count distinct hashes and session ids; the other streams count records.
 */
@Command(name = "stats", description = "What has been collected, and progress to each milestone.")
final class StatsCommand extends GitmlSubcommand implements Callable<Integer> {
  @Mixin JsonOption output;

  @Override
  public Integer call() throws Exception {
    try (Store store = gitml().openStore()) {
      Map<String, Store.StreamStats> stats = store.stats();
      long commits = stats.get(RecordType.COMMIT.stream()).keys();
      long sessions = stats.get(RecordType.SESSION.stream()).keys();
      long chats = stats.get(RecordType.CHAT.stream()).keys();
      ObjectNode root = Json.object();
      root.put("commits", commits);
      root.put("commits_full", stats.get(RecordType.COMMIT_FULL.stream()).keys());
      root.put("chats", chats);
      root.put("sessions", sessions);
      root.put("actions", stats.get(RecordType.ACTION.stream()).records());
      root.put("links", stats.get(RecordType.LINK.stream()).records());
      root.put("feedback", stats.get(RecordType.FEEDBACK.stream()).records());
      root.put("runs", stats.get(RecordType.RUN.stream()).records());
      root.put("ci_results", stats.get(RecordType.CI.stream()).records());
      root.put("commits_with_ci", stats.get(RecordType.CI.stream()).keys());
      root.put("pull_requests", stats.get(RecordType.PULL_REQUEST.stream()).keys());
      root.put("issues", stats.get(RecordType.ISSUE.stream()).keys());
      ObjectNode red = root.putObject("redactions");
      store.redactionsByRule().forEach(red::put);
      linkage(
          store,
          root.putObject("linkage"),
          commits,
          chats,
          stats.get(RecordType.LINK.stream()).records());
      ObjectNode perAssistant = root.putObject("assistants");
      if (sessions > 0) {
        PerAssistant.of(store)
            .forEach(
                (name, c) ->
                    perAssistant
                        .putObject(name)
                        .put("sessions", c.sessions())
                        .put("chats", c.chats()));
      }
      ObjectNode milestones = root.putObject("milestones");
      for (Map.Entry<String, Config.Milestone> m : store.config().milestones().entrySet()) {
        Config.Milestone need = m.getValue();
        ObjectNode n = milestones.putObject(m.getKey());
        n.putArray("commits").add(commits).add(need.commits());
        n.putArray("sessions").add(sessions).add(need.sessions());
        n.putArray("chats").add(chats).add(need.chats());
        n.put(
            "reached",
            commits >= need.commits() && sessions >= need.sessions() && chats >= need.chats());
      }
      long raw = 0;
      long stored = 0;
      long min = Long.MAX_VALUE;
      long max = 0;
      for (Store.StreamStats s : stats.values()) {
        raw += s.rawBytes();
        stored += s.storedBytes();
        if (s.records() > 0 && s.minTs() > 0) {
          min = Math.min(min, s.minTs());
          max = Math.max(max, s.maxTs());
        }
      }
      root.put("raw_bytes", raw);
      root.put("stored_bytes", stored);
      root.put("first", min == Long.MAX_VALUE ? null : Timestamps.iso(min));
      root.put("last", max == 0 ? null : Timestamps.iso(max));
      if (output.json()) {
        Json.print(gitml().out(), root);
      } else {
        printHuman(gitml().out(), root);
      }
      Problems.report(store, gitml().err());
    }
    return Cli.OK;
  }

  /**
   * How much of the data is connected: commits made during an assistant session, and chats that led
   * to a commit (shares of the commits and chats counted above).
   */
  private static void linkage(Store store, ObjectNode out, long commits, long chats, long links)
      throws java.io.IOException {
    Linkage l = links > 0 ? Linkage.of(store) : Linkage.NONE;
    out.put("commits_with_session", l.commitsWithSession());
    out.put("commits_with_session_share", share(l.commitsWithSession(), commits));
    out.put("chats_with_commit", l.chatsWithCommit());
    out.put("chats_with_commit_share", share(l.chatsWithCommit(), chats));
    out.put("reverted_commits", l.revertedCommits());
    out.put("commits_with_task", l.commitsWithTask());
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0 : Math.round(Math.min(1.0, (double) part / whole) * 1000) / 1000.0;
  }

  private static void printHuman(PrintStream out, ObjectNode s) {
    out.printf(
        Locale.ROOT,
        "commits %d (with diffs %d)   chats %d   sessions %d   actions %d"
            + "   links %d   feedback %d   runs %d%n",
        s.get("commits").asLong(),
        s.get("commits_full").asLong(),
        s.get("chats").asLong(),
        s.get("sessions").asLong(),
        s.get("actions").asLong(),
        s.get("links").asLong(),
        s.get("feedback").asLong(),
        s.get("runs").asLong());
    out.printf(
        Locale.ROOT,
        "stored %s (%s as JSONL)%s%n",
        Sizes.bytes(s.get("stored_bytes").asLong()),
        Sizes.bytes(s.get("raw_bytes").asLong()),
        s.get("first").isNull()
            ? ""
            : ", "
                + s.get("first").asText().substring(0, 10)
                + " to "
                + s.get("last").asText().substring(0, 10));
    out.println(
        "redacted: "
            + (s.get("redactions").isEmpty() ? "nothing" : Counts.of(s.get("redactions"))));
    JsonNode l = s.get("linkage");
    out.printf(
        Locale.ROOT,
        "linked: %d commits made during a session (%.0f%%), %d chats that led"
            + " to a commit (%.0f%%)%n",
        l.get("commits_with_session").asLong(),
        l.get("commits_with_session_share").asDouble() * 100,
        l.get("chats_with_commit").asLong(),
        l.get("chats_with_commit_share").asDouble() * 100);
    if (!s.get("assistants").isEmpty()) {
      StringBuilder by = new StringBuilder("by assistant:");
      s.get("assistants")
          .properties()
          .forEach(
              e ->
                  by.append(
                      String.format(
                          Locale.ROOT,
                          " %s %d sessions, %d chats;",
                          e.getKey(),
                          e.getValue().get("sessions").asLong(),
                          e.getValue().get("chats").asLong())));
      out.println(by.substring(0, by.length() - 1));
    }
    out.printf(
        Locale.ROOT,
        "signals: %d CI results (%d commits), %d reverted commits, %d commits naming a task,"
            + " %d pull requests, %d issues%n",
        s.get("ci_results").asLong(),
        s.get("commits_with_ci").asLong(),
        l.get("reverted_commits").asLong(),
        l.get("commits_with_task").asLong(),
        s.get("pull_requests").asLong(),
        s.get("issues").asLong());
    out.println();
    out.println("milestones");
    s.get("milestones")
        .properties()
        .iterator()
        .forEachRemaining(
            m -> {
              out.printf(
                  Locale.ROOT,
                  "  %-17s %s%n",
                  m.getKey().replace('_', ' '),
                  m.getValue().get("reached").asBoolean() ? "reached" : "");
              for (String k : new String[] {"commits", "sessions", "chats"}) {
                long have = m.getValue().get(k).get(0).asLong();
                long need = m.getValue().get(k).get(1).asLong();
                out.printf(Locale.ROOT, "    %-9s %s %d/%d%n", k, bar(have, need), have, need);
              }
            });
  }

  static String bar(long have, long need) {
    int width = 24;
    int filled = need <= 0 ? width : (int) Math.min(width, have * width / need);
    return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
  }
}
