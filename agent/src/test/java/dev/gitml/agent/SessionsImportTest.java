package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gitml sessions import} over a projects folder holding a FIFO and links out of it: it
 * completes, names what it refused and why, and imports the rest. The timeout guards against a hang
 * (a FIFO blocks open() until a writer comes); it asserts no speed.
 */
@Timeout(120)
class SessionsImportTest {
  @TempDir Path tmp;

  private static String transcript(Path cwd, String uuid, String prompt) {
    return "{\"type\":\"user\",\"uuid\":\""
        + uuid
        + "\",\"sessionId\":\"s-"
        + uuid
        + "\",\"cwd\":\""
        + cwd
        + "\",\"timestamp\":\"2026-01-21T06:20:00Z\","
        + "\"message\":{\"role\":\"user\",\"content\":\""
        + prompt
        + "\"}}\n";
  }

  @Test
  void import_fifoAndLinksOutOfTheProjectsFolder_refusedWithReasonsRestImported() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    Path claude = tmp.resolve("claude");
    fx.env.put("CLAUDE_CONFIG_DIR", claude.toString());
    Path project = Files.createDirectories(claude.resolve("projects/-repo"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(project.resolve("good.jsonl"), transcript(fx.repo, "u1", "hello"));
    Process mk = new ProcessBuilder("mkfifo", project.resolve("fifo.jsonl").toString()).start();
    assertEquals(0, mk.waitFor());
    Files.writeString(outside.resolve("secret.jsonl"), transcript(fx.repo, "u2", "elsewhere"));
    Files.createSymbolicLink(project.resolve("linked.jsonl"), outside.resolve("secret.jsonl"));
    Files.createSymbolicLink(claude.resolve("projects/-linked"), outside);
    Files.createDirectories(project.resolve("good"));
    Files.createSymbolicLink(project.resolve("good/subagents"), outside);
    fx.gitml("init", "--no-hooks", "--no-backfill");

    CliRun r = fx.gitml("sessions", "import");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("imported 1 transcripts: 1 sessions, 1 chats"), r.out());
    for (String refused :
        new String[] {
          "fifo.jsonl: not a regular file",
          "linked.jsonl: links to",
          "-linked: links to",
          "subagents: links to"
        }) {
      assertTrue(r.err().contains(refused), refused + " in: " + r.err());
    }
    assertEquals(4, r.err().lines().filter(l -> l.startsWith("refused ")).count(), r.err());
  }
}
