package dev.gitml.collector.session;

import dev.gitml.storage.ErrorText;
import dev.gitml.storage.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code gitml sessions import}: reads whole transcripts that already exist into the store, those
 * of a repository (found by their working directory under the assistant's projects folder) or those
 * at a path, each confined by its real path. Running it again adds nothing.
 */
public final class SessionImport {
  private final Store store;
  private final Path workTree;
  private List<Path> onlyIn;

  public SessionImport(Store store, Path workTree) {
    this.store = store;
    this.workTree = workTree;
  }

  /**
   * Reads, of a database of sessions, only those that ran in {@code workTrees} ({@link
   * SessionIngest#onlyIn}): for the sessions found as this repository's, not those named.
   */
  public SessionImport onlyIn(List<Path> workTrees) {
    this.onlyIn = List.copyOf(workTrees);
    return this;
  }

  /** What an import did, summed over the transcripts it read. */
  public record Result(
      int transcripts,
      int failed,
      int sessions,
      int chats,
      int actions,
      int links,
      int garbage,
      int added,
      Map<String, Integer> redactedByRule) {}

  /**
   * The transcript named, or those under the folder named ({@link #transcriptName}; {@code
   * subagents/} folders left to their session), confined to it by their real paths: a link out of
   * it, or a FIFO or device named {@code *.jsonl}, is refused.
   */
  public static List<Path> transcriptsAt(Path p, Consumer<String> refused) throws IOException {
    return transcriptsAt(p, List.of(), refused);
  }

  /**
   * As {@link #transcriptsAt(Path, Consumer)}; a folder that is, or is inside, one of {@code
   * sources}' roots (an assistant's data root: Codex's {@code sessions/}, Gemini's {@code tmp/}) or
   * that holds one also gives the sessions that source finds there, whatever their names.
   */
  public static List<Path> transcriptsAt(
      Path p, List<SessionSource> sources, Consumer<String> refused) throws IOException {
    if (Files.isRegularFile(p)) {
      return List.of(p);
    }
    if (Files.isDirectory(p)) {
      Path real = p.toRealPath();
      List<Path> out = new ArrayList<>(walk(p, refused));
      for (SessionSource source : sources) {
        for (Path root : source.roots()) {
          Path r;
          try {
            r = root.toRealPath();
          } catch (IOException missing) {
            continue;
          }
          if (real.startsWith(r) || r.startsWith(real)) {
            for (Path s : source.sessions(refused)) {
              if (s.startsWith(real) && !out.contains(s)) {
                out.add(s);
              }
            }
          }
        }
      }
      return out.stream().distinct().sorted().toList();
    }
    return walk(p, refused);
  }

  private static List<Path> walk(Path p, Consumer<String> refused) throws IOException {
    if (!Files.isDirectory(p)) {
      throw new IOException(p + ": not a transcript or a folder");
    }
    Confinement confinement = Confinement.to(p);
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(p)) {
      s.filter(SessionImport::transcriptName)
          .filter(
              f ->
                  f.getParent() == null
                      || f.getParent().getFileName() == null
                      || !f.getParent().getFileName().toString().equals("subagents"))
          .sorted()
          .forEach(f -> confinement.regularFile(f).ifPresent(out::add));
    }
    confinement.refused().forEach(refused);
    return out;
  }

  /**
   * Whether a file found under a folder is a transcript by its name: {@code *.jsonl}, Gemini CLI's
   * {@code session-*.json}, an OpenCode session's file ({@code session/<project>/ses_*.json}; its
   * messages and parts are read with it), OpenCode's {@code opencode.db}, Cursor's {@code
   * state.vscdb}, Aider's {@code .aider.chat.history.md}, a Cline task's {@code
   * api_conversation_history.json}, VS Code's {@code chatSessions/*.json}.
   */
  static boolean transcriptName(Path f) {
    String name = f.getFileName().toString();
    return name.endsWith(".jsonl")
        || GeminiSession.documentName(f)
        || OpenCodeStorage.sessionFile(f)
        || ClineTask.recognizes(f)
        || CopilotChatSession.recognizes(f)
        || name.equals(AiderHistory.FILE_NAME)
        || name.equals("opencode.db")
        || name.equals("state.vscdb");
  }

  /**
   * Reads each of {@code files} written on or after {@code since} (null: all) whole; a file that
   * fails is counted and told to {@code problems} with its reason, the others go on.
   */
  public Result run(List<Path> files, Instant since, Consumer<String> problems) throws IOException {
    return run(files, since, null, problems);
  }

  /**
   * As {@link #run(List, Instant, Consumer)}, every file read by the reader of {@code assistant}
   * (its name in records; null: each file's format tells).
   */
  public Result run(List<Path> files, Instant since, String assistant, Consumer<String> problems)
      throws IOException {
    SessionIngest ingest = SessionIngest.configured(store, workTree);
    if (onlyIn != null) {
      ingest.onlyIn(onlyIn);
    }
    int[] counts = new int[7]; // transcripts, failed, sessions, chats, actions, links, garbage
    List<Path> wanted = new ArrayList<>();
    for (Path f : files) {
      try {
        if (since != null && Files.getLastModifiedTime(f).toInstant().isBefore(since)) {
          continue;
        }
      } catch (IOException e) {
        counts[1]++;
        problems.accept("skipped " + f + ": " + ErrorText.of(e));
        continue;
      }
      wanted.add(f);
    }
    int added =
        ingest.finishAll(
            wanted,
            assistant,
            new SessionIngest.Outcome() {
              @Override
              public void finished(Path f, SessionIngest.Result r) {
                r.refused().forEach(why -> problems.accept("refused " + why));
                counts[0]++;
                counts[2] += r.sessions();
                counts[3] += r.chats();
                counts[4] += r.actions();
                counts[5] += r.links();
                counts[6] += r.garbage();
              }

              @Override
              public void failed(Path f, Exception e) {
                counts[1]++;
                problems.accept("skipped " + f + ": " + ErrorText.of(e));
              }
            });
    return new Result(
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        counts[4],
        counts[5],
        counts[6],
        added,
        Map.copyOf(ingest.scrubber().removedByRule()));
  }
}
