package dev.gitml.storage;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's large shared real data ({@code ../shared} beside the project root, or {@code
 * -Dgitml.shared=DIR}). Tests that need it are skipped where it is absent, and {@link SkipReporter}
 * prints this message on the console; the small data every path needs is in the repository ({@link
 * Fixtures}).
 */
public final class SharedData {
  private SharedData() {}

  public static Path require(String relative) {
    String configured = System.getProperty("gitml.shared");
    Path root =
        configured != null
            ? Path.of(configured)
            : Path.of(System.getProperty("user.dir")).resolve("../../shared");
    Path p = root.resolve(relative).normalize();
    assumeTrue(
        Files.exists(p),
        "needs the large shared data, not found at "
            + p
            + " (../shared beside the project root, or -Dgitml.shared=DIR)");
    return p;
  }
}
