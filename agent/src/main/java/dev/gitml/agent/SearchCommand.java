package dev.gitml.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.history.HistoryText;
import dev.gitml.storage.Store;
import dev.gitml.storage.search.SearchHit;
import dev.gitml.storage.search.SearchKind;
import dev.gitml.storage.search.SearchQuery;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitml search QUERY [--type KIND]... [--assistant NAME] [--since DATE] [--limit N]}. */
@Command(
    name = "search",
    description =
        "Search prompts, answers, commit messages, diffs and tool uses; the best matches first.")
final class SearchCommand extends GitmlSubcommand implements Callable<Integer> {
  @Parameters(paramLabel = "QUERY", arity = "1..*", description = "Words to find (all of them).")
  List<String> words;

  @Option(
      names = "--type",
      paramLabel = "KIND",
      split = ",",
      description = "Only hits of this kind: chat, commit, diff, session, action (repeatable).")
  List<String> types = List.of();

  @Option(
      names = "--assistant",
      paramLabel = "NAME",
      description = "Only chats and sessions of this assistant (claude-code, codex, gemini-cli).")
  String assistant;

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description = "Only records from DATE on (yyyy-mm-dd or ISO-8601).")
  String since;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "10",
      description = "How many hits (10).")
  int limit;

  @Mixin JsonOption output;

  @Override
  public Integer call() throws Exception {
    if (limit < 1) {
      throw new Cli.UsageException("--limit: at least 1: " + limit);
    }
    Set<SearchKind> kinds = EnumSet.noneOf(SearchKind.class);
    for (String t : types) {
      try {
        kinds.add(SearchKind.fromWireName(t.strip()));
      } catch (IllegalArgumentException e) {
        throw new Cli.UsageException("--type: " + e.getMessage());
      }
    }
    long from =
        since == null ? Long.MIN_VALUE : DateArgument.parse("--since", since).toEpochMilli();
    SearchQuery query = new SearchQuery(String.join(" ", words), kinds, assistant, from, limit);
    String repository = gitml().workspace().workTree().getFileName().toString();
    List<SearchHit> hits;
    try (Store store = gitml().openStore()) {
      hits = store.search(query);
    }
    if (output.json()) {
      ObjectNode root = Json.object();
      root.put("query", query.text()).put("repository", repository);
      ArrayNode array = root.putArray("hits");
      for (SearchHit h : hits) {
        array.add(hit(h, repository));
      }
      Json.print(gitml().out(), root);
    } else {
      gitml().out().print(HistoryText.hits(hits, repository));
    }
    return Cli.OK;
  }

  static ObjectNode hit(SearchHit h, String repository) {
    ObjectNode o = Json.object();
    o.put("id", h.key()).put("type", h.kind().wireName()).put("record", h.recordId());
    if (h.place() != null) {
      o.put("place", h.place());
    }
    o.put("time", HistoryText.iso(h.ts())).put("repository", repository);
    o.put("assistant", h.assistant()).put("session", h.sessionId());
    o.put("snippet", h.snippet()).put("score", Math.round(h.score() * 1e4) / 1e4);
    return o;
  }
}
