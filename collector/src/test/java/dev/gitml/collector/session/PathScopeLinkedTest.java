package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathScopeLinkedTest {
  @Test
  void relative_fileInALinkedWorktree_namedAsTheRepositoryNamesIt() {
    PathScope scope =
        new PathScope(Path.of("/src/app"), null, List.of(Path.of("/src/app-feature")))
            .withCwd("/src/app-feature/web");

    assertEquals("web/index.js", scope.relative("/src/app-feature/web/index.js"));
    assertEquals("lib/a.js", scope.relative("/src/app/lib/a.js"));
    assertEquals("index.js", scope.relative("index.js").replace("web/", ""));
  }

  @Test
  void relative_worktreeKeptInsideTheMainTree_namedFromTheWorktree() {
    PathScope scope =
        new PathScope(Path.of("/src/app"), null, List.of(Path.of("/src/app/.worktrees/x")));

    assertEquals("a.txt", scope.relative("/src/app/.worktrees/x/a.txt"));
  }
}
