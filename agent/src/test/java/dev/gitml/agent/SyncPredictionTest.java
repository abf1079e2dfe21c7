package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history where an earlier gitml committed its data files alongside code (issue 17: `git commit
 * -am` carried `.git-ml/tracked/…/open-….jsonl` into code commits) and a file was deleted since:
 * neither reaches a prediction or an export.
 */
class SyncPredictionTest {
  @TempDir Path tmp;
  GitRepoFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new GitRepoFixture(tmp);
    assertEquals(0, fx.gitml("init", "--no-hooks", "--no-backfill").exit());
    Path segment = fx.repo.resolve(".git-ml/tracked/commits/open-0123456789ab.jsonl");
    Files.createDirectories(segment.getParent());
    for (int i = 0; i < 6; i++) {
      Files.writeString(fx.repo.resolve("digest.txt"), "digest " + i + "\n");
      Files.writeString(fx.repo.resolve("old.txt"), "old " + i + "\n");
      Files.writeString(segment, "line " + i + "\n"); // as the daemon appended to it
      fx.git("add", "-f", "digest.txt", "old.txt", segment.toString());
      fx.git("commit", "-q", "-m", "digest: sha3 helper step " + i);
    }
    fx.git("rm", "-q", "old.txt");
    fx.git("commit", "-q", "-m", "drop the old file");
    assertEquals(0, fx.gitml("backfill").exit());
  }

  @Test
  void predict_dataPathsAndDeletedFilesInHistory_namesOnlyFilesThatExist() throws Exception {
    CliRun train = fx.gitml("train");
    CliRun predict = fx.gitml("predict", "--json", "digest: add a sha3 helper");

    assertEquals(0, train.exit(), train.err());
    assertEquals(0, predict.exit(), predict.err());
    List<String> files = new ArrayList<>();
    GitRepoFixture.JSON
        .readTree(predict.out())
        .get("files")
        .forEach(f -> files.add(f.get("path").asText()));
    assertEquals(List.of("digest.txt"), files);
  }

  @Test
  void export_dataPathsInHistory_leftOutOfEveryExample() throws Exception {
    Path out = tmp.resolve("all.jsonl");

    CliRun export =
        fx.gitml("export", "--format", "jsonl", "--task", "all", "--out", out.toString());

    assertEquals(0, export.exit(), export.err());
    String text = Files.readString(out);
    assertTrue(text.contains("digest.txt"), text);
    assertFalse(text.contains(".git-ml"), text);
    for (String line : text.split("\n")) {
      JsonNode example = GitRepoFixture.JSON.readTree(line);
      assertFalse(example.path("output").asText().isEmpty(), line);
    }
  }
}
