package dev.gitml.agent.chunks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.agent.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunksVerifyCommandTest {
  @TempDir Path repo;

  private record Run(int exit, String out, String err) {}

  private Run gitml(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "-C";
    all[1] = repo.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Cli.run(all, o, e);
    }
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A repository of 30 commits, captured and sealed into a chunk. */
  @BeforeEach
  void captureSealedHistory() throws Exception {
    try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
      for (int i = 0; i < 30; i++) {
        Files.writeString(repo.resolve("f" + i + ".txt"), "line " + i + "\n".repeat(i + 1));
        git.add().addFilepattern(".").call();
        git.commit()
            .setMessage("change " + i)
            .setAuthor("dev", "dev@example.com")
            .setSign(false)
            .call();
      }
    }
    assertEquals(0, gitml("init", "--no-hooks", "--no-backfill").exit());
    assertEquals(0, gitml("backfill").exit());
    assertEquals(0, gitml("chunks", "compact", "--seal").exit());
  }

  private Path firstChunk(String stream) throws Exception {
    try (Stream<Path> s = Files.list(repo.resolve(".git-ml/tracked").resolve(stream))) {
      return s.filter(p -> p.toString().endsWith(".jsonl.zst")).findFirst().orElseThrow();
    }
  }

  @Test
  void verify_indexCannotBeOpened_stillVerifiesTheChunks() throws Exception {
    Path index = repo.resolve(".git-ml/index.sqlite");
    Files.deleteIfExists(index);
    Files.createDirectories(index); // an index SQLite cannot open nor replace, as on a full disk
    Files.writeString(index.resolve("in-the-way"), "x");
    assertEquals(1, gitml("stats").exit(), "the index route fails here");

    Run r = gitml("chunks", "verify");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().endsWith("records: sound\n"), r.out());
  }

  @Test
  void verifyAndReindex_truncatedChunk_reportSalvagedAndLostThenRepairMakesItSound()
      throws Exception {
    Path chunk = firstChunk("commits");
    byte[] bytes = Files.readAllBytes(chunk);
    Files.write(chunk, Arrays.copyOf(bytes, bytes.length - 40));

    Run verify = gitml("chunks", "verify");
    Run reindex = gitml("chunks", "reindex");
    Run repair = gitml("chunks", "verify", "--repair");

    assertEquals(1, verify.exit());
    assertTrue(verify.out().contains(chunk.getFileName() + ": damaged ("), verify.out());
    assertTrue(verify.out().contains(" records salvaged, "), verify.out());
    assertEquals(0, reindex.exit(), reindex.err());
    assertTrue(
        reindex
            .err()
            .contains("warning: chunk tracked/commits/" + chunk.getFileName() + ": damaged ("),
        reindex.err());
    assertEquals(0, repair.exit(), repair.out() + repair.err());
    assertTrue(
        repair.out().startsWith("repaired chunk tracked/commits/" + chunk.getFileName()),
        repair.out());
    assertTrue(
        Files.exists(
            repo.resolve(".git-ml/local/quarantine/tracked/commits").resolve(chunk.getFileName())));
  }
}
