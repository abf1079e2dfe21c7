package dev.gitml.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {
  @TempDir Path tmp;

  @Test
  void deleteTree_symlinksInsideAndAsRoot_linksGoneTargetsKept() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("keep.txt"), "keep\n");
    Path tree = Files.createDirectories(tmp.resolve("tree/sub"));
    Files.createSymbolicLink(tree.resolve("dir-link"), outside);
    Files.createSymbolicLink(tree.resolve("file-link"), outside.resolve("keep.txt"));
    Path rootLink = Files.createSymbolicLink(tmp.resolve("root-link"), outside);

    DataDir.deleteTree(tmp.resolve("tree"));
    DataDir.deleteTree(rootLink);

    assertFalse(Files.exists(tmp.resolve("tree"), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(rootLink, LinkOption.NOFOLLOW_LINKS));
    assertEquals("keep\n", Files.readString(outside.resolve("keep.txt")));
  }
}
