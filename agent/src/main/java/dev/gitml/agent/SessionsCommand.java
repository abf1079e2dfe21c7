package dev.gitml.agent;

import dev.gitml.collector.session.SessionImport;
import dev.gitml.collector.session.SessionSource;
import dev.gitml.collector.session.SessionSources;
import dev.gitml.collector.session.TranscriptFormats;
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
        names = "--agent",
        paramLabel = "NAME",
        description =
            "Only this assistant's sessions, and read with its reader whatever the format looks"
                + " like: claude-code (claude), codex, gemini-cli (gemini), aider, cline (also"
                + " Roo Code, Kilo Code), copilot, opencode, cursor.")
    String agent;

    @Option(names = "--claude", description = "As --agent claude-code.")
    boolean claude;

    @Option(names = "--codex", description = "As --agent codex.")
    boolean codex;

    @Option(names = "--gemini", description = "As --agent gemini-cli.")
    boolean gemini;

    @Option(
        names = "--path",
        paramLabel = "PATH",
        description =
            "A session file, a session's folder, or an assistant's data root (Codex sessions/,"
                + " Gemini tmp/, Cline tasks/, ...): every session under it. Cursor's"
                + " state.vscdb is imported only this way.")
    Path path;

    @Option(
        names = "--since",
        paramLabel = "DATE",
        description = "Only transcripts written on or after DATE (yyyy-mm-dd or ISO-8601).")
    String since;

    /** The assistants asked for (their names in records); empty: every one. */
    private List<String> agents() {
      List<String> out = new ArrayList<>();
      if (agent != null) {
        out.add(
            switch (agent.strip().toLowerCase(java.util.Locale.ROOT)) {
              case "claude", "claude-code" -> "claude-code";
              case "gemini", "gemini-cli" -> "gemini-cli";
              case "roo", "kilo", "roo-code", "kilo-code" -> "cline";
              case "copilot-cli", "github-copilot" -> "copilot";
              default -> agent.strip().toLowerCase(java.util.Locale.ROOT);
            });
      }
      if (claude) {
        out.add("claude-code");
      }
      if (codex) {
        out.add("codex");
      }
      if (gemini) {
        out.add("gemini-cli");
      }
      return out;
    }

    @Override
    public Integer call() throws Exception {
      GitmlCommand gitml = gitml();
      Instant from = since == null ? null : DateArgument.parse("--since", since);
      Consumer<String> problem = line -> gitml.err().println(line);
      List<String> agents = agents();
      for (String a : agents) {
        if (!TranscriptFormats.assistants().contains(a)) {
          throw new Cli.UsageException(
              "--agent: no reader for '"
                  + a
                  + "' (known: "
                  + String.join(", ", TranscriptFormats.assistants())
                  + ")");
        }
      }
      List<SessionSource> sources =
          SessionSources.all(gitml.env(), gitml.userHome()).stream()
              .filter(s -> agents.isEmpty() || agents.contains(s.assistant()))
              .toList();
      List<Path> roots = new ArrayList<>();
      List<Path> files = new ArrayList<>();
      if (path == null) {
        List<Path> trees = gitml.workspace().workTrees();
        for (SessionSource source : sources) {
          roots.addAll(source.roots());
          files.addAll(source.sessionsFor(trees, why -> problem.accept("refused " + why)));
        }
      } else {
        Path at = gitml.startDirectory().resolve(path).normalize();
        if (!Files.isRegularFile(at) && !Files.isDirectory(at)) {
          throw new Cli.UsageException("--path: not a transcript or a folder: " + at);
        }
        files.addAll(
            SessionImport.transcriptsAt(at, sources, why -> problem.accept("refused " + why)));
      }
      // one reader forced only when one assistant is named and the files were not found by it
      String forced = agents.size() == 1 && path != null ? agents.get(0) : null;
      SessionImport.Result r;
      try (Store store = gitml.openStore()) {
        List<Path> trees = gitml.workspace().workTrees();
        SessionImport in = new SessionImport(store, trees.get(0));
        if (path == null) {
          in.onlyIn(trees); // a database found in an assistant's folder: this repository's sessions
        }
        r = in.run(files, from, forced, problem);
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
