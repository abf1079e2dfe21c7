package dev.gitml.collector.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code gitml report --html}: the {@link Dashboard} as one self-contained page. The figures travel
 * as JSON inside the page and a small inline script draws them as SVG, so the page needs no
 * network, no library and no server; its Content-Security-Policy forbids loading anything.
 */
public final class HtmlReport {
  private static final String TEMPLATE = template();

  private HtmlReport() {}

  /** The page for {@code d}, titled with the repository's name, made at {@code generated}. */
  public static String render(Dashboard d, String repo, String generated) {
    String json;
    try {
      json = Mappers.JSON.writeValueAsString(data(d, repo, generated));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // '<', '>' and '&' occur only inside JSON strings, where their escapes mean the same: the
    // data cannot close its <script> element, whatever a commit or a file name holds.
    String safe = json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    return TEMPLATE.replace("__TITLE__", escapeHtml(repo)).replace("__DATA__", safe);
  }

  /** The figures as JSON, as the page carries them ({@code gitml report --json}). */
  public static ObjectNode data(Dashboard d, String repo, String generated) {
    ObjectNode root = Mappers.JSON.createObjectNode();
    root.put("repo", repo);
    root.put("generated", generated);
    ArrayNode weeks = root.putArray("weeks");
    d.weeks()
        .forEach(
            w ->
                weeks
                    .addObject()
                    .put("start", w.start())
                    .put("commits", w.commits())
                    .put("chats", w.chats()));
    ArrayNode milestones = root.putArray("milestones");
    for (Dashboard.Progress p : d.milestones()) {
      ObjectNode m = milestones.addObject();
      m.put("milestone", p.milestone()).put("share", p.share());
      p.need().forEach(m.putObject("need")::put);
      p.have().forEach(m.putObject("have")::put);
      if (p.eta() != null) {
        m.putObject("eta")
            .put("reached", p.eta().reached())
            .put("date", p.eta().date())
            .put("why", p.eta().why());
      }
    }
    d.assistants().forEach(root.putObject("assistants")::put);
    d.models().forEach(root.putObject("models")::put);
    root.put("commits", d.commits())
        .put("commits_from_sessions", d.commitsFromSessions())
        .put("chats", d.chats())
        .put("chats_with_commit", d.chatsWithCommit());
    d.redactions().forEach(root.putObject("redactions")::put);
    ArrayNode evaluations = root.putArray("evaluations");
    d.evaluations()
        .forEach(
            e ->
                evaluations
                    .addObject()
                    .put("finished", e.finished())
                    .put("model", e.model())
                    .put("mrr", e.mrr())
                    .put("baseline_mrr", e.baselineMrr())
                    .put("n", e.n()));
    ArrayNode pairs = root.putArray("pairs");
    d.changedTogether()
        .forEach(
            p ->
                pairs
                    .addObject()
                    .put("first", p.first())
                    .put("second", p.second())
                    .put("commits", p.commits()));
    return root;
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String template() {
    try (InputStream in = HtmlReport.class.getResourceAsStream("report.html")) {
      if (in == null) {
        throw new IllegalStateException("report.html is missing from gitml's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
