package dev.gitml.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.collector.report.Dashboard;
import dev.gitml.collector.report.HtmlReport;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Timestamps;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gitml report [--html [--out FILE]] [--json]}: what was collected, how far the milestones
 * are, which assistants and models, how much came from sessions, what was redacted, how the
 * predictor does, which files change together; as text, JSON, or one self-contained page.
 */
@Command(
    name = "report",
    description =
        "The data set at a glance: over time, milestones, assistants, models, redactions, the"
            + " predictor against its baseline, files changed together. --html writes a page.")
final class ReportCommand extends GitmlSubcommand implements Callable<Integer> {
  @Mixin JsonOption output;

  @Option(
      names = "--html",
      description = "Write one self-contained page (no network) instead of printing.")
  boolean html;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where the page goes (default: .git-ml/local/report.html).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (out != null && !html) {
      throw new Cli.UsageException("--out goes with --html (the text and --json are printed)");
    }
    if (html && output.json()) {
      throw new Cli.UsageException("--html and --json: one or the other");
    }
    Workspace ws = gitml().workspace();
    Dashboard d;
    try (Store store = Store.open(ws.dataDir())) {
      d = Dashboard.of(store, gitml().clock());
    }
    String repo = ws.workTree().getFileName().toString();
    String now = Timestamps.iso(gitml().clock().millis());
    if (html) {
      Path file =
          out == null
              ? ws.dataDir().local().resolve("report.html")
              : gitml().startDirectory().resolve(out).normalize();
      OutFile.write(
          file,
          HtmlReport.render(d, repo, now),
          head -> head.startsWith("<!doctype html>") && head.contains("<title>gitml report: "));
      gitml().out().println("wrote " + file + " (open it in a browser; it loads nothing)");
      return Cli.OK;
    }
    if (output.json()) {
      ObjectNode root = HtmlReport.data(d, repo, now);
      Json.print(gitml().out(), root);
      return Cli.OK;
    }
    text(d, repo, gitml().out());
    return Cli.OK;
  }

  private static void text(Dashboard d, String repo, PrintStream out) {
    out.printf(Locale.ROOT, "%s: %,d commits, %,d chats%n", repo, d.commits(), d.chats());
    out.println("over time (the last 12 weeks with any):");
    List<Dashboard.Week> active =
        d.weeks().stream().filter(w -> w.commits() + w.chats() > 0).toList();
    active.stream()
        .skip(Math.max(0, active.size() - 12))
        .forEach(
            w ->
                out.printf(
                    Locale.ROOT,
                    "  %s  %,6d commits  %,6d chats%n",
                    w.start(),
                    w.commits(),
                    w.chats()));
    if (active.size() > 12) {
      out.printf(Locale.ROOT, "  (%d weeks in all; --html shows every one)%n", active.size());
    }
    out.println("milestones:");
    for (Dashboard.Progress p : d.milestones()) {
      String eta =
          p.eta() == null
              ? ""
              : p.eta().reached()
                  ? "reached"
                  : p.eta().date() != null ? "about " + p.eta().date() : p.eta().why();
      out.printf(
          Locale.ROOT,
          "  %-17s %3.0f%%  %s%n",
          p.milestone().replace('_', ' '),
          p.share() * 100,
          eta);
    }
    counts(out, "assistants (chats):", d.assistants());
    counts(out, "models (chats):", d.models());
    out.printf(
        Locale.ROOT,
        "from sessions: %,d of %,d commits (%.0f%%); %,d of %,d chats led to a commit%n",
        d.commitsFromSessions(),
        d.commits(),
        d.sessionShare() * 100,
        d.chatsWithCommit(),
        d.chats());
    counts(out, "redactions by rule:", d.redactions());
    out.println("file predictor (MRR, model vs baseline):");
    if (d.evaluations().isEmpty()) {
      out.println("  none: no model trained yet (gitml train)");
    }
    d.evaluations()
        .forEach(
            e ->
                out.printf(
                    Locale.ROOT,
                    "  %s  %s  %.3f vs %.3f on %d commits%n",
                    e.finished(),
                    e.model(),
                    e.mrr(),
                    e.baselineMrr(),
                    e.n()));
    out.println("files most often changed together:");
    if (d.changedTogether().isEmpty()) {
      out.println("  none yet");
    }
    d.changedTogether()
        .forEach(
            p -> out.printf(Locale.ROOT, "  %,5d  %s + %s%n", p.commits(), p.first(), p.second()));
  }

  private static void counts(PrintStream out, String title, Map<String, Long> counts) {
    out.println(title);
    if (counts.isEmpty()) {
      out.println("  none");
    }
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(15)
        .forEach(e -> out.printf(Locale.ROOT, "  %,7d  %s%n", e.getValue(), e.getKey()));
  }
}
