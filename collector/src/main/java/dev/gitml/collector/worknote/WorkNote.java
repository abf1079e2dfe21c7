package dev.gitml.collector.worknote;

import dev.gitml.collector.predict.ExistingFiles;
import dev.gitml.collector.predict.FilePredictor;
import dev.gitml.collector.predict.Trainer;
import dev.gitml.collector.report.Ratings;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Action;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.Feedback;
import dev.gitml.storage.record.TextFields;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;

/**
 * A hand-off note in Markdown for whoever continues a session's work (a person, or an assistant
 * given it as context): the prompts and what came of each, the files changed, the commits, the
 * commands that failed, the answers rated bad, what is still uncommitted, and the files the trained
 * model expects next. It reads only stored records, which are redacted, and {@code git status}.
 */
public final class WorkNote {
  /** Prompts shown, the latest; earlier ones are counted. */
  static final int MAX_PROMPTS = 20;

  private static final int QUERY = 300;
  private static final int ANSWER = 300;
  private static final int TOP_FILES = 10;
  private static final int MAX_SUMMARY = 4_000;

  /** Distinct failed commands shown, the latest. */
  static final int MAX_FAILURES = 20;

  private WorkNote() {}

  /**
   * The note of {@code sessionId}'s work (the open manual session's, else the latest session's,
   * when null); empty when no such session is stored. {@code repo} may be null (no work tree).
   */
  public static Optional<String> of(Store store, Repository repo, String sessionId, Clock clock)
      throws IOException {
    Optional<SessionWork> found = SessionWork.find(store, sessionId, clock);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    SessionWork w = found.get();
    Markdown md = new Markdown();
    header(md, w);
    prompts(md, w, Ratings.latest(store));
    Set<String> changed = changedFiles(md, w);
    commits(md, w);
    failures(md, w.actions());
    List<String> uncommitted = uncommitted(md, repo);
    expected(md, store.dir(), repo, w, changed, uncommitted, clock);
    return Optional.of(md.toString());
  }

  private static void header(Markdown md, SessionWork w) {
    md.line("# Hand-off: session " + w.sessionId());
    md.blank();
    md.line(
        (w.assistant() == null ? "A" : "A " + w.assistant())
            + " session"
            + (w.branch() == null ? "" : " on branch `" + w.branch() + "`")
            + ", started "
            + w.started()
            + (w.ended() == null ? ", still open" : ", ended " + w.ended())
            + ": "
            + w.prompts().size()
            + " prompts, "
            + w.actions().size()
            + " tool uses, "
            + w.commits().size()
            + " commits"
            + (w.subagentChats() > 0 ? ", " + w.subagentChats() + " subagent chats" : "")
            + ".");
    if (w.summary() != null && !w.summary().isBlank()) {
      md.section("Summary");
      md.line(TextFields.cut(w.summary().strip(), MAX_SUMMARY));
    }
  }

  private static void prompts(Markdown md, SessionWork w, Map<String, Feedback> ratings) {
    md.section("Prompts and what came of them");
    List<Chat> prompts = w.prompts();
    if (prompts.isEmpty()) {
      md.line("No prompt was stored for this session.");
      return;
    }
    int skip = Math.max(0, prompts.size() - MAX_PROMPTS);
    if (skip > 0) {
      md.line("(" + skip + " earlier prompts left out.)");
      md.blank();
    }
    List<String> bad = new ArrayList<>();
    for (int i = skip; i < prompts.size(); i++) {
      Chat c = prompts.get(i);
      md.line((i + 1) + ". " + oneLine(c.query(), QUERY) + " _(" + c.timestamp() + ")_");
      if (c.response() != null && !c.response().isBlank()) {
        md.line("   - Answer: " + oneLine(c.response(), ANSWER));
      }
      if (!c.filesModified().isEmpty()) {
        md.line("   - Changed: " + code(c.filesModified()));
      }
      Set<String> commits = w.commitsOfChat().getOrDefault(c.id(), Set.of());
      if (!commits.isEmpty()) {
        md.line("   - Committed in: " + code(commits.stream().map(WorkNote::shortHash).toList()));
      }
      if (c.subagents() != null && !c.subagents().isEmpty()) {
        md.line("   - Delegated to " + c.subagents().size() + " subagents");
      }
      Feedback f = ratings.get(c.id());
      if (f != null && f.rating() != null) {
        md.line("   - Rated: " + Ratings.word(f.rating()));
        if (f.rating() < 0) {
          bad.add(
              oneLine(c.query(), 120)
                  + " (chat `"
                  + c.id()
                  + "`)"
                  + (f.comment() == null ? "" : ": " + oneLine(f.comment(), 200)));
        }
      }
    }
    if (!bad.isEmpty()) {
      md.section("Answers rated bad");
      bad.forEach(b -> md.line("- " + b));
    }
  }

  private static Set<String> changedFiles(Markdown md, SessionWork w) {
    Set<String> changed = new LinkedHashSet<>();
    w.prompts().forEach(c -> changed.addAll(c.filesModified()));
    w.commits().forEach(c -> changed.addAll(c.filesChanged()));
    md.section("Files changed");
    if (changed.isEmpty()) {
      md.line("None recorded.");
    } else {
      changed.forEach(f -> md.line("- " + code(f)));
    }
    return changed;
  }

  private static void commits(Markdown md, SessionWork w) {
    md.section("Commits");
    if (w.commits().isEmpty()) {
      md.line("None.");
      return;
    }
    for (Commit c : w.commits()) {
      md.line(
          "- `"
              + shortHash(c.hash())
              + "` "
              + oneLine(firstLine(c.message()), 120)
              + " ("
              + c.filesChanged().size()
              + " files, "
              + c.timestamp()
              + ")");
    }
  }

  private static void failures(Markdown md, List<Action> actions) {
    List<Action> failed = actions.stream().filter(a -> Boolean.FALSE.equals(a.success())).toList();
    md.section("Commands that failed");
    if (failed.isEmpty()) {
      md.line("None recorded.");
      return;
    }
    // the same command failing again (a test run retried) is one line, placed at its last time
    Map<String, Failure> byCommand = new LinkedHashMap<>();
    for (Action a : failed) {
      String what = a.tool() + (a.target() == null ? "" : ": " + code(oneLine(a.target(), 200)));
      Failure before = byCommand.remove(what);
      byCommand.put(
          what, new Failure(what, before == null ? 1 : before.times() + 1, a.timestamp()));
    }
    List<Failure> lines = new ArrayList<>(byCommand.values());
    int skip = Math.max(0, lines.size() - MAX_FAILURES);
    if (skip > 0) {
      md.line("(" + skip + " earlier failed commands left out.)");
      md.blank();
    }
    for (Failure f : lines.subList(skip, lines.size())) {
      md.line(
          "- "
              + f.what()
              + " ("
              + (f.times() > 1 ? f.times() + " times, last " : "")
              + f.last()
              + ")");
    }
  }

  /** A failed command, how often it failed, and when it last did. */
  private record Failure(String what, int times, String last) {}

  /** The work tree's uncommitted changes, gitml's own data left out; listed in the note. */
  private static List<String> uncommitted(Markdown md, Repository repo) throws IOException {
    md.section("Work in progress (uncommitted)");
    if (repo == null) {
      md.line("Not a git work tree.");
      return List.of();
    }
    org.eclipse.jgit.api.Status s;
    try {
      s = Git.wrap(repo).status().call();
    } catch (GitAPIException e) {
      throw new IOException("git status: " + e.getMessage(), e);
    }
    List<String> files = new ArrayList<>();
    line(md, "staged, new", s.getAdded(), files);
    line(md, "staged", s.getChanged(), files);
    line(md, "modified", s.getModified(), files);
    line(md, "deleted", union(s.getRemoved(), s.getMissing()), files);
    line(md, "untracked", s.getUntracked(), files);
    line(md, "conflicting", s.getConflicting(), files);
    if (files.isEmpty()) {
      md.line("Nothing uncommitted.");
    }
    return files;
  }

  private static void line(Markdown md, String label, Set<String> paths, List<String> files) {
    List<String> mine = new TreeSet<>(paths).stream().filter(p -> !DataDir.isDataPath(p)).toList();
    if (!mine.isEmpty()) {
      md.line("- " + label + ": " + code(mine));
      files.addAll(mine);
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  /**
   * The files the trained model ranks first for the session's last prompt, seeded with what is
   * uncommitted (else with the files the session changed); said plainly when there is no model.
   */
  private static void expected(
      Markdown md,
      DataDir data,
      Repository repo,
      SessionWork w,
      Set<String> changed,
      List<String> uncommitted,
      Clock clock)
      throws IOException {
    md.section("Files likely next");
    Trainer.Loaded loaded;
    try {
      loaded = Trainer.load(data);
    } catch (NoSuchFileException e) {
      md.line("No prediction: no trained model yet (`gitml train`).");
      return;
    }
    String task = w.prompts().isEmpty() ? "" : w.prompts().get(w.prompts().size() - 1).query();
    List<String> seeds = new ArrayList<>(uncommitted.isEmpty() ? changed : uncommitted);
    seeds.removeIf(f -> !loaded.model().knows(f));
    if ((task == null || task.isBlank()) && seeds.isEmpty()) {
      md.line("No prediction: no prompt and no changed file to start from.");
      return;
    }
    FilePredictor.Query q =
        new FilePredictor.Query(task == null ? "" : task, seeds, clock.millis());
    List<FilePredictor.Ranked> ranked =
        repo == null
            ? loaded.model().rank(q, TOP_FILES)
            : ExistingFiles.of(repo).keep(loaded.model().rank(q, Integer.MAX_VALUE), TOP_FILES);
    if (ranked.isEmpty()) {
      md.line("No prediction: nothing in the history relates to this work.");
      return;
    }
    md.line("From the model trained on this repository's commits (`gitml predict`):");
    md.blank();
    for (FilePredictor.Ranked r : ranked) {
      md.line(String.format(java.util.Locale.ROOT, "- `%s` (%.3f)", r.file(), r.score()));
    }
  }

  private static String code(java.util.Collection<String> items) {
    return String.join(", ", items.stream().map(WorkNote::code).toList());
  }

  /** {@code s} as inline code; one holding a backtick is fenced with two (CommonMark). */
  private static String code(String s) {
    return s.indexOf('`') < 0 ? "`" + s + "`" : "`` " + s + " ``";
  }

  private static String shortHash(String hash) {
    return hash.substring(0, Math.min(12, hash.length()));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static String oneLine(String text, int max) {
    return TextFields.cut(text == null ? "" : text.strip().replaceAll("\\s+", " "), max);
  }

  /** Lines with blank lines between sections. */
  private static final class Markdown {
    private final StringBuilder out = new StringBuilder();

    void line(String s) {
      out.append(s).append('\n');
    }

    void blank() {
      out.append('\n');
    }

    void section(String title) {
      blank();
      line("## " + title);
      blank();
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }
}
