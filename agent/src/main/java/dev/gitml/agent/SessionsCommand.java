package dev.gitml.agent;

import dev.gitml.collector.session.ClaudeProjects;
import dev.gitml.collector.session.Confinement;
import dev.gitml.collector.session.SessionIngest;
import dev.gitml.storage.ErrorText;
import dev.gitml.storage.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gitml sessions import}: assistant sessions from their transcripts. */
@Command(name = "sessions", description = "Assistant sessions.",
    subcommands = SessionsCommand.Import.class)
final class SessionsCommand extends GitmlSubcommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(gitml().out());
  }

  @Command(name = "import", description = "Import session transcripts: those of this repository"
      + " (by their working directory), or the ones given. Running it again adds nothing.")
  static final class Import extends GitmlSubcommand implements Callable<Integer> {
    @Option(names = "--claude", description = "Claude Code transcripts (the default, and the"
        + " only assistant so far).")
    boolean claude;

    @Option(names = "--path", paramLabel = "FILE|DIR",
        description = "A transcript (with its subagents/ folder), or every transcript under DIR.")
    Path path;

    @Option(names = "--since", paramLabel = "DATE",
        description = "Only transcripts written on or after DATE (yyyy-mm-dd or ISO-8601).")
    String since;

    @Override
    public Integer call() throws Exception {
      GitmlCommand gitml = gitml();
      Instant from = since == null ? null : DateArgument.parse("--since", since);
      Consumer<String> refused = reason -> gitml().err().println("refused " + reason);
      List<Path> files = path == null
          ? ClaudeProjects.of(gitml().env(), System.getProperty("user.home"))
              .transcriptsFor(gitml().workspace().workTree(), refused)
          : transcriptsAt(gitml().startDirectory().resolve(path).normalize(), refused);
      int chats = 0;
      int actions = 0;
      int sessionCount = 0;
      int links = 0;
      int garbage = 0;
      int added = 0;
      int imported = 0;
      int failed = 0;
      try (Store store = gitml().openStore()) {
        SessionIngest ingest = SessionIngest.configured(store, gitml().workspace().workTree());
        for (Path f : files) {
          if (from != null && Files.getLastModifiedTime(f).toInstant().isBefore(from)) {
            continue;
          }
          try {
            SessionIngest.Result r = ingest.finish(f);
            r.refused().forEach(refused);
            chats += r.chats();
            actions += r.actions();
            sessionCount += r.sessions();
            links += r.links();
            garbage += r.garbage();
            added += r.added();
            imported++;
          } catch (IOException | RuntimeException e) {
            failed++;
            gitml().err().println("skipped " + f + ": " + ErrorText.of(e));
          }
        }
        gitml().out().printf("imported %d transcripts: %d sessions, %d chats, %d tool uses,"
                + " %d links (%d new records)%n", imported, sessionCount, chats, actions, links,
            added);
        if (garbage > 0) {
          gitml().out().printf("%d lines were not JSON, or too large even when cut, and were"
              + " skipped%n", garbage);
        }
        if (!ingest.scrubber().removedByRule().isEmpty()) {
          gitml().out().println("redacted: " + ingest.scrubber().removedByRule());
        }
        if (files.isEmpty()) {
          gitml().out().println(path == null
              ? "no transcript of this repository under " + ClaudeProjects.of(gitml().env(),
                  System.getProperty("user.home")).roots()
              : "no transcript at " + path);
        }
      }
      return failed > 0 && imported == 0 ? Cli.FAILURE : Cli.OK;
    }

    /**
     * The transcript named, or those under the folder named, confined to it by their real
     * paths: a link out of it, or a FIFO or device named {@code *.jsonl}, is refused.
     */
    private static List<Path> transcriptsAt(Path p, Consumer<String> refused)
        throws IOException {
      if (Files.isRegularFile(p)) {
        return List.of(p);
      }
      if (!Files.isDirectory(p)) {
        throw new Cli.UsageException("--path: not a transcript or a folder: " + p);
      }
      Confinement confinement = Confinement.to(p);
      List<Path> out = new ArrayList<>();
      try (Stream<Path> s = Files.walk(p)) {
        s.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
            .filter(f -> f.getParent() == null || f.getParent().getFileName() == null
                || !f.getParent().getFileName().toString().equals("subagents"))
            .sorted()
            .forEach(f -> confinement.regularFile(f).ifPresent(out::add));
      }
      confinement.refused().forEach(refused);
      return out;
    }
  }
}
