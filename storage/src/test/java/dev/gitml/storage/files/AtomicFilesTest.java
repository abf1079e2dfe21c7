package dev.gitml.storage.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path tmp;

  @Test
  void write_newFile_wholeAndOwnerOnly() throws Exception {
    Path f = tmp.resolve("state.json");

    AtomicFiles.writeString(f, "{\"a\": 1}");

    assertEquals("{\"a\": 1}", Files.readString(f));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
  }

  @Test
  void write_existingFileOfTheUser_replacedKeepingItsMode() throws Exception {
    Path f = tmp.resolve("settings.json");
    Files.writeString(f, "old");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));

    AtomicFiles.writeString(f, "new");

    assertEquals("new", Files.readString(f));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
  }

  @Test
  void write_contentFailsHalfWay_oldFileWholeAndNoTemporaryLeft() throws Exception {
    Path f = tmp.resolve("model.jsonl.zst");
    Files.writeString(f, "the old model");

    assertThrows(
        IOException.class,
        () ->
            AtomicFiles.write(
                f,
                out -> {
                  out.write("half of a new".getBytes());
                  throw new IOException("disk full");
                }));

    assertEquals("the old model", Files.readString(f));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(1, s.count(), "no temporary file beside it");
    }
  }

  @Test
  void createPrivateDirectories_missingParents_eachCreatedOwnerOnly() throws Exception {
    Path dir = tmp.resolve("a/b/c");

    AtomicFiles.createPrivateDirectories(dir);

    for (Path p : new Path[] {tmp.resolve("a"), tmp.resolve("a/b"), dir}) {
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(p)),
          p.toString());
    }
  }
}
