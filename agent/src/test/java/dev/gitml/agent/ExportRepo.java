package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gitml.storage.Fixtures;
import java.nio.file.Path;

/**
 * The repository the export tests export: the Python collector's history migrated, two commits of
 * src/app.js backfilled, and the hello-world Claude Code session imported.
 */
final class ExportRepo {
  private ExportRepo() {}

  /**
   * The repository in {@code dir}, with {@code history} (a copy of the Python history) migrated.
   */
  static GitRepoFixture create(Path dir, Path history) throws Exception {
    Path transcript =
        Fixtures.copy(Fixtures.CLAUDE_CODE + "/hello-world.jsonl", dir.resolve("fixtures"));
    GitRepoFixture fx = new GitRepoFixture(dir);
    fx.gitml("init", "--no-hooks", "--no-backfill");
    assertEquals(0, fx.gitml("migrate", "--from", history.toString()).exit());
    fx.commit("src/app.js", "console.log('one')\n", "feat: log one");
    fx.commit("src/app.js", "console.log('two')\n", "fix: log two instead");
    fx.gitml("backfill");
    assertEquals(0, fx.gitml("sessions", "import", "--path", transcript.toString()).exit());
    return fx;
  }

  /** As above, with the history from the fixtures. */
  static GitRepoFixture create(Path dir) throws Exception {
    return create(dir, Fixtures.copy(Fixtures.HISTORY, dir.resolve("fixtures")));
  }
}
