package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitml handoff}: the note of a manual session and of an imported Claude Code session. */
class HandoffCommandTest {
  @TempDir Path tmp;

  @Test
  void handoff_openManualSession_promptsCommitsFailuresBadRatingsAndWorkInProgress()
      throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    fx.gitml("session", "start", "--id", "s-note");
    fx.gitml(
            "chat",
            "--query",
            "Add a greeting script",
            "--response",
            "Wrote hello.sh",
            "--files-mod",
            "hello.sh",
            "--tools",
            "Write")
        .out()
        .strip();
    fx.gitml(
        "chat", "--query", "Make it shout", "--response", "Use tr a-z A-Z", "--feedback", "bad");
    fx.gitml("action", "--type", "Bash", "--target", "shellcheck hello.sh", "--failed");
    fx.gitml("action", "--type", "Bash", "--target", "shellcheck hello.sh", "--failed");
    fx.commit("hello.sh", "echo hello\n", "Add hello.sh\n\nA greeting.");
    fx.gitml("capture"); // what the daemon does after the hook
    Files.writeString(fx.repo.resolve("hello.sh"), "echo HELLO\n");
    Files.writeString(fx.repo.resolve("notes.txt"), "todo\n");

    CliRun r = fx.gitml("handoff");

    assertEquals(0, r.exit(), r.err());
    String note = r.out();
    assertTrue(note.startsWith("# Hand-off: session s-note\n"), note);
    assertTrue(note.contains("still open: 2 prompts, 2 tool uses, 1 commits"), note);
    assertTrue(note.contains("1. Add a greeting script _("), note);
    assertTrue(note.contains("   - Changed: `hello.sh`"), note);
    assertTrue(note.contains("   - Rated: bad"), note);
    assertTrue(note.contains("## Answers rated bad\n\n- Make it shout (chat `chat-"), note);
    assertTrue(note.contains("` Add hello.sh (1 files, "), note);
    assertTrue(
        note.contains("## Commands that failed\n\n- Bash: `shellcheck hello.sh` (2 times, last "),
        note);
    assertTrue(note.contains("- modified: `hello.sh`\n- untracked: `notes.txt`\n"), note);
    assertTrue(note.contains("No prediction: no trained model yet (`gitml train`)."), note);
    assertFalse(note.contains(".git-ml"), note);

    fx.gitml("session", "end");
    CliRun ended = fx.gitml("handoff", "--session", "s-note");
    assertTrue(ended.out().contains("   - Committed in: `"), ended.out());
  }

  @Test
  void handoff_importedClaudeSessionWithTrainedModel_promptAnswerAndFilesLikelyNext()
      throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    for (int i = 0; i < 4; i++) {
      fx.commit("src/app.py", "v" + i + "\n", "app " + i);
      fx.commit("src/app_test.py", "t" + i + "\n", "test " + i);
    }
    Path transcripts = Fixtures.copy(Fixtures.CLAUDE_CODE, tmp.resolve("claude-code"));
    fx.gitml("init", "--no-hooks");
    fx.gitml("sessions", "import", "--path", transcripts.resolve("hello-world.jsonl").toString());
    fx.gitml("train");
    Files.writeString(fx.repo.resolve("src/app.py"), "changed\n");
    Path out = tmp.resolve("note.md");

    CliRun r = fx.gitml("handoff", "--out", out.toString());

    assertEquals(0, r.exit(), r.err());
    String note = Files.readString(out);
    assertTrue(note.startsWith("# Hand-off: session de3b8b19-5bc0-4a2a-934a-1b6806567e25\n"), note);
    assertTrue(note.contains("1. Write a shell script called hello.sh"), note);
    assertTrue(note.contains("   - Answer: Done. I created `hello.sh`"), note);
    assertTrue(note.contains("## Files likely next\n\nFrom the model"), note);
    assertTrue(note.contains("- `src/app_test.py` ("), note);
    Files.writeString(fx.repo.resolve("TODO.md"), "my list\n");
    CliRun again = fx.gitml("handoff", "--out", out.toString());
    CliRun theirs = fx.gitml("handoff", "--out", fx.repo.resolve("TODO.md").toString());
    assertEquals(0, again.exit(), again.err()); // its own earlier note is replaced
    assertEquals(1, theirs.exit());
    assertTrue(theirs.err().contains("not written by gitml"), theirs.err());
    assertEquals("my list\n", Files.readString(fx.repo.resolve("TODO.md")));
  }

  @Test
  void handoff_nothingStoredOrUnknownSession_oneLineFailure() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");

    CliRun none = fx.gitml("handoff");
    CliRun unknown = fx.gitml("handoff", "--session", "nope");

    assertEquals(Cli.FAILURE, none.exit());
    assertEquals(1, none.err().lines().count(), none.err());
    assertEquals("gitml: no session nope is stored\n", unknown.err());
  }
}
