package dev.gitml.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.export.Exporter;
import dev.gitml.collector.report.Quality;
import dev.gitml.storage.Store;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gitml quality [--json]} (alias {@code quality-report}): what would spoil training. */
@Command(
    name = "quality",
    aliases = "quality-report",
    description = "Schema problems, empty or trivial chats, duplicates, unlinked data, redactions.")
final class QualityCommand extends GitmlSubcommand implements Callable<Integer> {
  @Mixin JsonOption output;

  @Override
  public Integer call() throws Exception {
    Quality.Report q;
    Map<String, Long> leftOut;
    try (Store store = gitml().openStore()) {
      q = Quality.of(store);
      leftOut = Exporter.leftOutEmpty(store);
    }
    ObjectNode root = Json.object();
    ObjectNode schema = root.putObject("schema_problems");
    q.schemaProblems().forEach(schema::put);
    q.unreadable().forEach(root.putArray("unreadable")::add);
    ObjectNode chats = root.putObject("chats");
    chats
        .put("total", q.chats())
        .put("empty_prompts", q.emptyPrompts())
        .put("empty_responses", q.emptyResponses())
        .put("trivial_prompts", q.trivialPrompts())
        .put("trivial_responses", q.trivialResponses())
        .put("without_session", q.chatsWithoutSession());
    ObjectNode dup = root.putObject("duplicate_keys");
    q.duplicateKeys().forEach(dup::put);
    ObjectNode red = root.putObject("redactions");
    q.redactionsByRule().forEach(red::put);
    ObjectNode link = root.putObject("linkage");
    link.put("commits", q.commits())
        .put("commits_with_session", q.commitsWithSession())
        .put("chats_with_commit", q.chatsWithCommit());
    ObjectNode empty = root.putObject("examples_left_out_empty");
    leftOut.forEach(empty::put);
    if (output.json()) {
      Json.print(gitml().out(), root);
      return Cli.OK;
    }
    var out = gitml().out();
    out.printf(Locale.ROOT, "schema problems:   %s%n", Counts.of(q.schemaProblems()));
    out.printf(Locale.ROOT, "unreadable:        %d%n", q.unreadable().size());
    q.unreadable().forEach(u -> out.println("  " + u));
    out.printf(
        Locale.ROOT,
        "chats:             %d; empty prompts %d, empty responses %d,"
            + " trivial prompts %d, trivial responses %d, without a session %d%n",
        q.chats(),
        q.emptyPrompts(),
        q.emptyResponses(),
        q.trivialPrompts(),
        q.trivialResponses(),
        q.chatsWithoutSession());
    out.printf(Locale.ROOT, "stored more than once: %s%n", Counts.of(q.duplicateKeys()));
    out.printf(Locale.ROOT, "redactions:        %s%n", Counts.of(q.redactionsByRule()));
    out.printf(
        Locale.ROOT,
        "examples left out: %s%n",
        leftOut.isEmpty() ? "none" : Counts.of(leftOut) + " (an empty input or output)");
    out.printf(
        Locale.ROOT,
        "linkage:           %d of %d commits made during a session, %d chats"
            + " led to a commit%n",
        q.commitsWithSession(),
        q.commits(),
        q.chatsWithCommit());
    return Cli.OK;
  }
}
