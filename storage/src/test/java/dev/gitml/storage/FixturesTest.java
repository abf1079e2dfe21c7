package dev.gitml.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository's fixtures are cut from the shared data verbatim, as their README says. */
class FixturesTest {
  @TempDir Path tmp;

  @Test
  void copy_directory_everyFileCopiedUnderItsName() throws Exception {
    Path copy = Fixtures.copy(Fixtures.PYTHON_GIT_ML, tmp);

    assertEquals(tmp.resolve("python-git-ml"), copy);
    assertEquals(15, Files.readAllLines(copy.resolve("tracked/commits.jsonl")).size());
    assertEquals(20, files(copy).size());
  }

  @Test
  void copy_unknownFixture_failsNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Fixtures.copy("nope.jsonl", tmp));

    assertTrue(e.getMessage().startsWith("no fixture nope.jsonl"), e.getMessage());
  }

  @Test
  void cuts_sharedDataPresent_everyLineVerbatimFromItsSource() throws Exception {
    Path shared = SharedData.require("fixtures");
    Path python = Fixtures.copy(Fixtures.PYTHON_GIT_ML, tmp);
    Path claude = Fixtures.copy(Fixtures.CLAUDE_CODE, tmp);

    for (Path f : files(python)) {
      assertCut(f, shared.resolve("python-git-ml").resolve(python.relativize(f).toString()));
    }
    for (Path f : files(claude)) {
      assertCut(
          f, shared.resolve("transcripts/claude-code").resolve(claude.relativize(f).toString()));
    }
    assertCut(
        Fixtures.copy(Fixtures.HISTORY, tmp),
        SharedData.require("datasets/history/yargs.commits.jsonl"));
  }

  /** A JSON file whole, a JSONL file a subset of its source's lines in their order. */
  private static void assertCut(Path fixture, Path source) throws Exception {
    assertTrue(Files.isRegularFile(source), "no source " + source + " for " + fixture);
    if (!fixture.toString().endsWith(".jsonl")) {
      assertArrayEquals(
          Files.readAllBytes(source), Files.readAllBytes(fixture), fixture.toString());
      return;
    }
    List<String> from = Files.readAllLines(source);
    int at = 0;
    for (String line : Files.readAllLines(fixture)) {
      while (at < from.size() && !from.get(at).equals(line)) {
        at++;
      }
      assertTrue(
          at < from.size(),
          fixture
              + ": a line not in "
              + source
              + " in this order: "
              + line.substring(0, Math.min(80, line.length())));
      at++;
    }
  }

  private static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
