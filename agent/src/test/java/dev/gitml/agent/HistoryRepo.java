package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gitml.storage.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real repository with a history to ask about: a README written by hand, and the hello.sh that
 * the hello-world Claude Code transcript wrote, committed during that session (at 06:20:50, the
 * session ran from 06:20:30), backfilled and the session imported.
 */
final class HistoryRepo {
  static final String CHAT = "10dcdc4f-bc3e-4b4f-a336-cc788f8ffbe1";
  static final String SESSION = "de3b8b19-5bc0-4a2a-934a-1b6806567e25";

  final GitRepoFixture fx;
  final String byHand;
  final String bySession;

  HistoryRepo(Path tmp) throws Exception {
    Path transcript =
        Fixtures.copy(Fixtures.CLAUDE_CODE + "/hello-world.jsonl", tmp.resolve("fixtures"));
    fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    byHand =
        commitAt(
            "README.md",
            "# demo\nthe readme, typed by hand\n",
            "docs: a readme",
            "2026-01-20T09:00:00Z");
    bySession =
        commitAt(
            "hello.sh",
            "#!/bin/bash\necho \"Hello world\"\n",
            "Add hello.sh",
            "2026-01-21T06:20:50Z");
    assertEquals(0, fx.gitml("backfill").exit());
    CliRun imported = fx.gitml("sessions", "import", "--path", transcript.toString());
    assertEquals(0, imported.exit(), imported.err());
  }

  String commitAt(String file, String content, String message, String date) throws Exception {
    Files.createDirectories(fx.repo.resolve(file).getParent());
    Files.writeString(fx.repo.resolve(file), content);
    fx.git("add", "-A");
    fx.git(
        Map.of("GIT_AUTHOR_DATE", date, "GIT_COMMITTER_DATE", date, "GITML_DISABLED", "1"),
        "commit",
        "-q",
        "-m",
        message);
    return fx.head();
  }
}
