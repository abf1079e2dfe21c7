package dev.gitml.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The project's own small real data, in {@code src/test/resources/dev/gitml/storage/fixtures} (its
 * README says where each file was cut from). Every module's tests read it through storage's test
 * jar, so they run on a plain clone; {@link SharedData} adds the large data where present.
 *
 * <p>Fixtures are copied, never used in place: a test may change its copy, and inside a jar there
 * is no path to hand to code under test.
 */
public final class Fixtures {
  private static final String ROOT = "/dev/gitml/storage/fixtures/";

  /** The history fixture: the newest 120 commits of yargs, in the datasets' format. */
  public static final String HISTORY = "history/yargs-120.commits.jsonl";

  /** The directory of Claude Code transcripts. */
  public static final String CLAUDE_CODE = "transcripts/claude-code";

  /** A Codex CLI home's {@code sessions/} tree: a current-format rollout cut and a legacy one. */
  public static final String CODEX_SESSIONS = "transcripts/codex/sessions";

  /** A Gemini CLI home's {@code tmp/} tree: a JSON-document session and a JSONL one. */
  public static final String GEMINI_TMP = "transcripts/gemini-cli/tmp";

  /** An OpenCode data directory's {@code storage/} tree: one whole session (OpenCode 1.0.107). */
  public static final String OPENCODE_STORAGE = "transcripts/opencode/storage";

  /** A {@code .git-ml/} directory written by the Python collector. */
  public static final String PYTHON_GIT_ML = "python-git-ml";

  private Fixtures() {}

  /**
   * Copies the fixture file or directory {@code relative} into {@code into} (created if absent) and
   * returns the copy, named as the fixture is. Synchronized: a jar's file system may be open once
   * at a time.
   */
  public static synchronized Path copy(String relative, Path into) {
    URL url = Fixtures.class.getResource(ROOT + relative);
    if (url == null) {
      throw new IllegalArgumentException(
          "no fixture " + relative + " on the class path under " + ROOT);
    }
    try {
      URI uri = url.toURI();
      Path target = into.resolve(Path.of(relative).getFileName().toString());
      Files.createDirectories(into);
      if (uri.getScheme().equals("jar")) {
        // a reactor build after `package` resolves storage's test jar, not its classes directory
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          copyTree(jar.provider().getPath(uri), target);
        }
      } else {
        copyTree(Path.of(uri), target);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("copying fixture " + relative + " into " + into, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("fixture " + relative + " at " + url, e);
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> all = Files.walk(source)) {
      for (Path p : all.toList()) {
        // resolve by name, not Path: the jar's file system and the default one differ
        Path to = target;
        for (Path part : source.relativize(p)) {
          to = to.resolve(part.toString());
        }
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
  }
}
