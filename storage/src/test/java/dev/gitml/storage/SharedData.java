package dev.gitml.storage;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's shared real data ({@code ../shared} beside the project root). Tests that need it
 * are skipped, with this message, where it is absent.
 */
public final class SharedData {
  private SharedData() {}

  public static Path require(String relative) {
    String configured = System.getProperty("gitml.shared");
    Path root = configured != null ? Path.of(configured)
        : Path.of(System.getProperty("user.dir")).resolve("../../shared");
    Path p = root.resolve(relative).normalize();
    assumeTrue(Files.exists(p), "skipped: shared data not found at " + p
        + " (tests read ../shared beside the project root)");
    return p;
  }
}
