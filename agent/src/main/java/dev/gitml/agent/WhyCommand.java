package dev.gitml.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.history.HistoryText;
import dev.gitml.collector.history.Why;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.RecordMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitml why FILE[:LINE[-LINE]] [--all] [--json]}. */
@Command(
    name = "why",
    description =
        "Where lines came from: the commit that last changed them, and the assistant session and"
            + " chat that produced it, or \"written by hand\".")
final class WhyCommand extends GitmlSubcommand implements Callable<Integer> {
  private static final Pattern LINES = Pattern.compile("(.+):(\\d+)(?:-(\\d+))?");

  @Parameters(paramLabel = "FILE[:LINE[-LINE]]", description = "A file, and lines of it.")
  String target;

  @Option(names = "--all", description = "Also the earlier commits of those lines.")
  boolean all;

  @Mixin JsonOption output;

  @Override
  public Integer call() throws Exception {
    Workspace ws = gitml().workspace();
    if (ws.gitDir() == null) {
      throw new Cli.FailedException("why needs the git repository; there is none here");
    }
    Target t = parse(target, gitml().startDirectory());
    String path = relative(ws.workTree(), gitml().startDirectory().resolve(t.file()));
    List<Why.Blamed> blamed;
    try (Store store = gitml().openStore();
        Repository repo = ws.openRepository()) {
      blamed = Why.of(store).blame(repo, path, t.lines(), all);
    } catch (NoSuchFileException e) {
      throw new Cli.FailedException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new Cli.UsageException(e.getMessage());
    }
    if (output.json()) {
      ObjectNode root = Json.object();
      root.put("file", path);
      root.set("ranges", RecordMapper.mapper().valueToTree(blamed));
      Json.print(gitml().out(), root);
    } else {
      gitml().out().print(HistoryText.why(path, blamed));
    }
    return Cli.OK;
  }

  /** A file and its lines (null: every line). */
  record Target(String file, Why.Lines lines) {}

  /**
   * {@code text} as a file and lines; a file whose name ends in {@code :N} (in {@code dir}) whole.
   */
  static Target parse(String text, Path dir) {
    Matcher m = LINES.matcher(text);
    if (!m.matches() || Files.exists(dir.resolve(text))) {
      return new Target(text, null);
    }
    try {
      int first = Integer.parseInt(m.group(2));
      int last = m.group(3) == null ? first : Integer.parseInt(m.group(3));
      return new Target(m.group(1), new Why.Lines(first, last));
    } catch (IllegalArgumentException e) {
      throw new Cli.UsageException(text + ": not FILE, FILE:LINE or FILE:FIRST-LAST");
    }
  }

  /** The path of {@code file} inside the work tree, with {@code /}. */
  static String relative(Path workTree, Path file) throws IOException {
    Path root = workTree.toRealPath();
    Path abs = file.toAbsolutePath().normalize();
    Path real = Files.exists(abs) ? abs.toRealPath() : abs;
    if (!real.startsWith(root)) {
      throw new Cli.UsageException(file + ": not inside the repository " + root);
    }
    return root.relativize(real).toString().replace('\\', '/');
  }
}
