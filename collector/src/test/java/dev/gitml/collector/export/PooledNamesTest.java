package dev.gitml.collector.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The names of pooled repositories, and the content hashes that keep each example once. */
class PooledNamesTest {
  @Test
  void of_foldersAlikeOrUnsafe_safeUniqueNamesInOrder() {
    List<String> names =
        RepoNames.of(
            List.of(
                Path.of("/a/app"),
                Path.of("/b/App"),
                Path.of("/c/app"),
                Path.of("/d/my repo 'x'=1"),
                Path.of("/e/..hidden"),
                Path.of("/f/日本")));

    assertEquals(List.of("app", "App-2", "app-3", "my_repo__x__1", "hidden", "__"), names);
  }

  @Test
  void first_sameContentAgain_falseOtherwiseTrueThroughGrowth() {
    SeenExamples seen = new SeenExamples();
    for (int i = 0; i < 10_000; i++) {
      assertTrue(
          seen.first(new Example("chat", "t" + i, "q" + i, "a", List.of(), List.of(), "train")));
    }

    assertFalse(
        seen.first(new Example("chat", "other time", "q7", "a", List.of(), List.of(), "test")));
    assertTrue(
        seen.first(new Example("commit-message", "t", "q7", "a", List.of(), List.of(), "test")));
    assertTrue(seen.first(new Example("chat", "t", "q7a", "", List.of(), List.of(), "test")));
  }
}
