package dev.gitml.collector.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCommandTest {
  @TempDir Path tmp;

  @Test
  void run_gitAnswers_exitAndOutput() throws Exception {
    GitCommand.Output out = GitCommand.run(tmp, "--version");

    assertTrue(out.ok());
    assertTrue(out.text().startsWith("git version"), out.text());
  }

  @Test
  void run_gitHangsHoldingItsOutputOpen_stoppedAtTheTimeLimit() throws Exception {
    assertEquals(0, GitCommand.run(tmp, "init", "-q").exit());

    // an alias that prints, then hangs with stdout open: reading all output first never ends
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                GitCommand.run(
                    Duration.ofSeconds(1),
                    tmp,
                    "-c",
                    "alias.hang=!echo started; sleep 600",
                    "hang"));
    assertTrue(e.getMessage().contains("no answer after 1 s"), e.getMessage());
  }
}
