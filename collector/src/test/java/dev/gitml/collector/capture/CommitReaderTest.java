package dev.gitml.collector.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Hunk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitReaderTest {
  @TempDir Path tmp;
  Path work;
  Git git;

  @BeforeEach
  void repository() throws Exception {
    work = tmp.resolve("a repo with spaces");
    git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
  }

  private RevCommit commit(String message, long epochSeconds, String... pathsAndContents)
      throws Exception {
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      Path p = work.resolve(pathsAndContents[i]);
      Files.createDirectories(p.getParent());
      Files.writeString(p, pathsAndContents[i + 1]);
    }
    git.add().addFilepattern(".").call();
    PersonIdent ana =
        new PersonIdent(
            "Ana Lima",
            "ana@example.org",
            java.time.Instant.ofEpochSecond(epochSeconds),
            java.time.ZoneOffset.ofHours(-5));
    return git.commit().setMessage(message).setAuthor(ana).setCommitter(ana).call();
  }

  private CommitFull read(RevCommit c) throws Exception {
    try (CommitReader reader = new CommitReader(git.getRepository())) {
      return reader.read(c, "main");
    }
  }

  @Test
  void read_firstCommit_isInitialWithAllLinesAddedAndAuthorOffsetKept() throws Exception {
    RevCommit c =
        commit(
            "Add calculator\n\nWith a body.",
            1_767_225_600L,
            "src/calc.py",
            "def add(a, b):\n    return a + b\n");

    CommitFull r = read(c);

    assertEquals(c.name(), r.hash());
    assertEquals("Add calculator\n\nWith a body.", r.message());
    assertEquals("Ana Lima", r.author());
    assertEquals("2025-12-31T19:00:00-05:00", r.timestamp());
    assertEquals(19, r.hourOfDay());
    assertEquals("Wednesday", r.dayOfWeek());
    assertTrue(r.isInitial());
    assertNull(r.secondsSinceLastCommit());
    assertEquals(List.of("src/calc.py"), r.filesChanged());
    assertEquals(2, r.insertions());
    assertEquals(0, r.deletions());
    Hunk h = r.hunks().get(0);
    assertEquals("add", h.changeType());
    assertEquals(List.of("def add(a, b):", "    return a + b"), h.linesAdded());
  }

  @Test
  void read_modification_hunkHasFunctionContextAndTimeSinceParent() throws Exception {
    StringBuilder body = new StringBuilder("def add(a, b):\n");
    for (int i = 0; i < 10; i++) {
      body.append("    x").append(i).append(" = ").append(i).append('\n');
    }
    commit("first", 1_000_000L, "calc.py", body.toString());
    RevCommit c =
        commit("second", 1_000_060L, "calc.py", body.toString().replace("x7 = 7", "x7 = 70"));

    CommitFull r = read(c);

    assertEquals(60L, r.secondsSinceLastCommit());
    assertEquals(1, r.insertions());
    assertEquals(1, r.deletions());
    Hunk h = r.hunks().get(0);
    assertEquals("modify", h.changeType());
    assertEquals("def add(a, b):", h.function());
    assertEquals(9, h.startLine());
    assertEquals(List.of("    x7 = 70"), h.linesAdded());
    assertEquals(List.of("    x7 = 7"), h.linesRemoved());
    assertEquals(3, h.contextBefore().size());
    assertEquals(2, h.contextAfter().size());
  }

  @Test
  void read_binaryAndLargeFiles_notedNotDiffed() throws Exception {
    Files.createDirectories(work);
    Files.write(work.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2});
    Files.writeString(work.resolve("big.txt"), "line\n".repeat(CommitReader.MAX_FILE_BYTES / 4));
    RevCommit c = commit("assets", 1_000_000L);

    CommitFull r = read(c);

    assertEquals(List.of("big.txt", "logo.png"), r.filesChanged());
    assertTrue(r.hunks().isEmpty());
    assertTrue(r.notes().contains("binary: logo.png"), r.notes().toString());
    assertTrue(
        r.notes().stream().anyMatch(n -> n.startsWith("large: big.txt")), r.notes().toString());
  }

  @Test
  void read_renamedFile_listedUnderItsNewPath() throws Exception {
    commit("first", 1_000_000L, "old name.txt", "one\ntwo\nthree\nfour\nfive\n");
    Files.move(work.resolve("old name.txt"), work.resolve("new name.txt"));
    git.add().addFilepattern(".").call();
    git.rm().addFilepattern("old name.txt").call();
    RevCommit c = git.commit().setMessage("rename").call();

    CommitFull r = read(c);

    assertEquals(List.of("new name.txt"), r.filesChanged());
    assertEquals(0, r.insertions());
  }

  @Test
  void read_nonUtf8Content_readWithoutFailing() throws Exception {
    Files.createDirectories(work);
    Files.write(work.resolve("latin1.txt"), "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    RevCommit c = commit("latin-1", 1_000_000L);

    CommitFull r = read(c);

    assertEquals(1, r.insertions());
    assertFalse(r.hunks().get(0).linesAdded().get(0).isEmpty());
  }
}
