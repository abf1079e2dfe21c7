package dev.gitml.collector.session;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Where Gemini CLI keeps its chat recordings: {@code ~/.gemini/tmp/<project>/chats/session-*.json}
 * (or {@code .jsonl}), the home being {@code $GEMINI_CLI_HOME} when set (gemini-cli {@code
 * packages/core/src/utils/paths.ts}, homedir). {@code <project>} is the SHA-256 (hex) of the
 * project's path (2025), or since early 2026 a short name whose {@code .project_root} file holds
 * the path. Sessions record no working directory, only that {@code projectHash}; so a repository's
 * sessions are those whose project folder's {@code .project_root} is its work tree, or whose {@code
 * projectHash} is the SHA-256 of its work tree's path.
 */
public final class GeminiSessions implements SessionSource {
  private final Path root;

  public GeminiSessions(Path root) {
    this.root = root;
  }

  /** The {@code tmp} folder for this environment. */
  public static GeminiSessions of(Map<String, String> env, String userHome) {
    String home = env.get("GEMINI_CLI_HOME");
    Path base = home != null && !home.isBlank() ? Path.of(home) : Path.of(userHome);
    return new GeminiSessions(base.resolve(".gemini").resolve("tmp"));
  }

  public Path root() {
    return root;
  }

  @Override
  public String assistant() {
    return "gemini-cli";
  }

  @Override
  public List<Path> roots() {
    return List.of(root);
  }

  /** Every {@code <project>/chats/session-*.json(l)} under the {@code tmp} folder. */
  @Override
  public List<Path> sessions(Consumer<String> refused) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    Confinement confinement = Confinement.to(root);
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(confinement.root(), 3)) {
      for (Path f : s.toList()) {
        String name = f.getFileName().toString();
        boolean session =
            name.startsWith("session-") && (name.endsWith(".json") || name.endsWith(".jsonl"));
        if (session
            && f.getParent() != null
            && f.getParent().getFileName().toString().equals("chats")) {
          confinement.regularFile(f).ifPresent(out::add);
        }
      }
    }
    confinement.refused().forEach(refused);
    return out.stream().distinct().sorted().toList();
  }

  /** Whether the session's project is one of {@code workTrees} (its root, or its path's hash). */
  @Override
  public boolean belongs(Path session, List<Path> workTrees) {
    Set<String> paths = new java.util.LinkedHashSet<>();
    workTrees.forEach(t -> paths.addAll(paths(t)));
    Set<String> hashes = Set.copyOf(paths.stream().map(GeminiSessions::sha256).toList());
    return belongs(session, paths, hashes);
  }

  /**
   * The sessions of the project at {@code workTree}, confined to the {@code tmp} folder by their
   * real paths: a link out of it, or a session that is not a regular file, is passed over and given
   * to {@code refused} with the reason.
   */
  public List<Path> sessionsFor(Path workTree, Consumer<String> refused) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    Set<String> paths = paths(workTree);
    Set<String> hashes = Set.copyOf(paths.stream().map(GeminiSessions::sha256).toList());
    Confinement confinement = Confinement.to(root);
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(confinement.root(), 3)) {
      for (Path f : s.toList()) {
        String name = f.getFileName().toString();
        boolean session =
            name.startsWith("session-") && (name.endsWith(".json") || name.endsWith(".jsonl"));
        if (!session
            || f.getParent() == null
            || !f.getParent().getFileName().toString().equals("chats")) {
          continue;
        }
        Optional<Path> real = confinement.regularFile(f);
        if (real.isPresent() && belongs(real.get(), paths, hashes)) {
          out.add(real.get());
        }
      }
    }
    confinement.refused().forEach(refused);
    return out.stream().distinct().sorted().toList();
  }

  private static boolean belongs(Path session, Set<String> paths, Set<String> hashes) {
    String root = GeminiSession.projectRoot(session);
    if (root != null) {
      return paths.contains(root);
    }
    Path project = session.getParent().getParent();
    if (project != null && hashes.contains(project.getFileName().toString())) {
      return true;
    }
    return projectHash(session).filter(hashes::contains).isPresent();
  }

  /** The work tree's path as given and as its real path (the CLI hashes {@code process.cwd()}). */
  private static Set<String> paths(Path workTree) {
    Set<String> out = new java.util.LinkedHashSet<>();
    out.add(workTree.toAbsolutePath().normalize().toString());
    try {
      out.add(workTree.toRealPath().toString());
    } catch (IOException gone) {
      // the absolute path alone
    }
    return out;
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /**
   * The {@code projectHash} a session names before its messages (the document's top level, or the
   * JSONL header); the messages themselves are not read.
   */
  static Optional<String> projectHash(Path session) {
    try (InputStream in = Confinement.open(session, 0);
        JsonParser p = Mappers.JSON.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("projectHash") && value == JsonToken.VALUE_STRING) {
          return Optional.of(p.getText());
        }
        if (field.equals("messages")) {
          return Optional.empty();
        }
        p.skipChildren();
      }
    } catch (IOException | RuntimeException unreadable) {
      // not a session we can use: the caller finds none for this file
    }
    return Optional.empty();
  }
}
