package dev.gitml.agent;

import dev.gitml.collector.session.ClaudeProjects;
import dev.gitml.collector.session.CodexSessions;
import dev.gitml.collector.session.GeminiSessions;
import dev.gitml.collector.session.SessionImport;
import dev.gitml.storage.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gitml sessions import}: assistant sessions from their transcripts. */
@Command(
    name = "sessions",
    description = "Assistant sessions.",
    subcommands = SessionsCommand.Import.class)
final class SessionsCommand extends GitmlSubcommand implements Runnable {

  @Override
  public void run() {
    commandSpec().commandLine().usage(gitml().out());
  }

  @Command(
      name = "import",
      description =
          "Import session transcripts: those of this repository"
              + " (by their working directory), or the ones given. Running it again adds nothing.")
  static final class Import extends GitmlSubcommand implements Callable<Integer> {
    @Option(
        names = "--claude",
        description =
            "Claude Code transcripts (with none of --claude, --codex, --gemini: every assistant).")
    boolean claude;

    @Option(
        names = "--codex",
        description = "Codex CLI rollouts, under $CODEX_HOME/sessions (default ~/.codex).")
    boolean codex;

    @Option(
        names = "--gemini",
        description = "Gemini CLI sessions, under ~/.gemini/tmp (home: $GEMINI_CLI_HOME if set).")
    boolean gemini;

    @Option(
        names = "--path",
        paramLabel = "FILE|DIR",
        description = "A transcript (with its subagents/ folder), or every transcript under DIR.")
    Path path;

    @Option(
        names = "--since",
        paramLabel = "DATE",
        description = "Only transcripts written on or after DATE (yyyy-mm-dd or ISO-8601).")
    String since;

    @Override
    public Integer call() throws Exception {
      GitmlCommand gitml = gitml();
      Instant from = since == null ? null : DateArgument.parse("--since", since);
      Consumer<String> problem = line -> gitml.err().println(line);
      ClaudeProjects projects = ClaudeProjects.of(gitml.env(), gitml.userHome().toString());
      CodexSessions codexSessions = CodexSessions.of(gitml.env(), gitml.userHome().toString());
      GeminiSessions geminiSessions = GeminiSessions.of(gitml.env(), gitml.userHome().toString());
      boolean all = !claude && !codex && !gemini;
      List<Path> roots = new ArrayList<>();
      List<Path> files = new ArrayList<>();
      if (path == null) {
        Path workTree = gitml.workspace().workTree();
        if (all || claude) {
          roots.addAll(projects.roots());
          files.addAll(projects.transcriptsFor(workTree, why -> problem.accept("refused " + why)));
        }
        if (all || codex) {
          roots.add(codexSessions.root());
          files.addAll(
              codexSessions.rolloutsFor(workTree, why -> problem.accept("refused " + why)));
        }
        if (all || gemini) {
          roots.add(geminiSessions.root());
          files.addAll(
              geminiSessions.sessionsFor(workTree, why -> problem.accept("refused " + why)));
        }
      } else {
        Path at = gitml.startDirectory().resolve(path).normalize();
        if (!Files.isRegularFile(at) && !Files.isDirectory(at)) {
          throw new Cli.UsageException("--path: not a transcript or a folder: " + at);
        }
        files.addAll(SessionImport.transcriptsAt(at, why -> problem.accept("refused " + why)));
      }
      SessionImport.Result r;
      try (Store store = gitml.openStore()) {
        r = new SessionImport(store, gitml.workspace().workTree()).run(files, from, problem);
      }
      gitml
          .out()
          .printf(
              "imported %d transcripts: %d sessions, %d chats, %d tool uses,"
                  + " %d links (%d new records)%n",
              r.transcripts(), r.sessions(), r.chats(), r.actions(), r.links(), r.added());
      if (r.garbage() > 0) {
        gitml
            .out()
            .printf(
                "%d lines were not JSON, or too large even when cut, and were" + " skipped%n",
                r.garbage());
      }
      if (!r.redactedByRule().isEmpty()) {
        gitml
            .out()
            .println(
                "redacted: "
                    + new java.util.TreeMap<>(r.redactedByRule())
                        .entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(java.util.stream.Collectors.joining(", ")));
      }
      if (files.isEmpty()) {
        gitml
            .out()
            .println(
                path == null
                    ? "no transcript of this repository under "
                        + roots.stream()
                            .map(Path::toString)
                            .collect(java.util.stream.Collectors.joining(", "))
                    : "no transcript at " + path);
      }
      return r.failed() > 0 && r.transcripts() == 0 ? Cli.FAILURE : Cli.OK;
    }
  }
}
