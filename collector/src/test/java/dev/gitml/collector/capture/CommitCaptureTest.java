package dev.gitml.collector.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.collector.redact.Redactor;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.RecordType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitCaptureTest {
  @TempDir Path work;
  Git git;

  @BeforeEach
  void repository() throws Exception {
    git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
    DataDir.of(work).initialize();
  }

  private RevCommit commit(String message) throws Exception {
    git.add().addFilepattern("deploy").call();
    git.add().addFilepattern("deploy").setUpdate(true).call();
    return git.commit()
        .setMessage(message)
        .setAuthor("Ana", "ana@example.org")
        .setCommitter("Ana", "ana@example.org")
        .call();
  }

  private CommitFull read(RevCommit c) throws Exception {
    try (CommitReader reader = new CommitReader(git.getRepository())) {
      return reader.read(c, "main");
    }
  }

  /** Every byte gitml wrote, as text: the open streams are plain JSONL. */
  private String everythingStored() throws Exception {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(DataDir.of(work).local())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }

  @Test
  void store_keyCommittedRotatedAndRemoved_noKeyLineStoredAndEachCountedAsPrivateKey()
      throws Exception {
    List<String> first = HunkBuilderTest.body(11, 6);
    List<String> second = HunkBuilderTest.body(12, 6);
    Path key = work.resolve("deploy/id_ed25519");
    Files.createDirectories(key.getParent());
    Files.writeString(key, HunkBuilderTest.key("OPENSSH PRIVATE KEY", first));
    List<RevCommit> commits = new ArrayList<>();
    commits.add(commit("Add the deploy key"));
    Files.writeString(key, HunkBuilderTest.key("OPENSSH PRIVATE KEY", second));
    commits.add(commit("Rotate the deploy key"));
    Files.delete(key);
    commits.add(commit("Remove the deploy key"));

    try (Store store = Store.open(DataDir.of(work))) {
      CommitCapture capture = new CommitCapture(store, Redactor.standard());
      List<CommitFull> read = new ArrayList<>();
      for (RevCommit c : commits) {
        read.add(read(c));
      }
      capture.store(read);

      assertEquals(
          List.of(8, 6, 0),
          read.stream().map(CommitFull::insertions).toList(),
          "insertions count the key's lines, though they are stored as one marker");
      assertEquals(List.of(0, 6, 8), read.stream().map(CommitFull::deletions).toList());
      String stored = everythingStored();
      for (String line : concat(first, second)) {
        assertFalse(stored.contains(line.substring(0, 24)), line);
      }
      assertFalse(stored.contains("BEGIN OPENSSH"));
      assertTrue(
          store.redactionsByRule().getOrDefault("private-key", 0L) >= 3,
          store.redactionsByRule().toString());
      List<String> removed = new ArrayList<>();
      store.scan(
          RecordType.COMMIT_FULL,
          r ->
              r.data()
                  .path("hunks")
                  .forEach(h -> h.path("lines_removed").forEach(l -> removed.add(l.asText()))));
      assertTrue(removed.contains("[REDACTED:private-key]"), removed.toString());
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
