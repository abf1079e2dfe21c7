package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitml sessions import --path} on OpenCode's storage root and on one session's file. */
@Timeout(120)
class SessionsImportOpenCodeTest {
  @TempDir Path tmp;

  @Test
  void import_openCodeStorageRoot_sessionImportedAndAgainNothingNew() throws Exception {
    GitRepoFixture fx = new GitRepoFixture(tmp);
    Path storage = Fixtures.copy(Fixtures.OPENCODE_STORAGE, tmp.resolve("opencode"));
    fx.gitml("init", "--no-hooks", "--no-backfill");

    CliRun r = fx.gitml("sessions", "import", "--path", storage.toString());

    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out().startsWith("imported 1 transcripts: 1 sessions, 2 chats, 2 tool uses"), r.out());
    CliRun again =
        fx.gitml(
            "sessions",
            "import",
            "--path",
            storage
                .resolve(
                    "session/98f0326ae5594d769602840258229a7888e46ff5/"
                        + "ses_539950424ffev4SAECXTZKSubM.json")
                .toString());
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.out().contains("(0 new records)"), again.out());
  }
}
