package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where Codex CLI keeps its rollouts: {@code $CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl}, with
 * {@code CODEX_HOME} defaulting to {@code ~/.codex} (codex-rs {@code core/src/config.rs},
 * find_codex_home). A repository's sessions are those whose {@code session_meta.cwd} is its work
 * tree or inside it.
 */
public final class CodexSessions implements SessionSource {
  /** Lines read from the start of a rollout to find its working directory. */
  private static final int HEAD_LINES = 20;

  private static final Pattern CWD = Pattern.compile("<cwd>([^<]+)</cwd>");

  private final Path root;

  public CodexSessions(Path root) {
    this.root = root;
  }

  /** The sessions folder for this environment. */
  public static CodexSessions of(Map<String, String> env, String userHome) {
    String home = env.get("CODEX_HOME");
    Path base = home != null && !home.isBlank() ? Path.of(home) : Path.of(userHome, ".codex");
    return new CodexSessions(base.resolve("sessions"));
  }

  public Path root() {
    return root;
  }

  @Override
  public String assistant() {
    return "codex";
  }

  @Override
  public List<Path> roots() {
    return List.of(root);
  }

  /** Every {@code rollout-*.jsonl} under the sessions folder. */
  @Override
  public List<Path> sessions(Consumer<String> refused) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    Confinement confinement = Confinement.to(root);
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(confinement.root())) {
      for (Path f : s.toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith("rollout-") && name.endsWith(".jsonl")) {
          confinement.regularFile(f).ifPresent(out::add);
        }
      }
    }
    confinement.refused().forEach(refused);
    return out.stream().distinct().sorted().toList();
  }

  @Override
  public boolean belongs(Path session, List<Path> workTrees) {
    return cwd(session).filter(c -> SessionSource.inside(c, workTrees)).isPresent();
  }

  /**
   * The rollouts of sessions that ran in {@code workTree} or below, confined to the sessions folder
   * by their real paths: a link out of it, or a rollout that is not a regular file, is passed over
   * and given to {@code refused} with the reason.
   */
  public List<Path> rolloutsFor(Path workTree, Consumer<String> refused) throws IOException {
    Path repo = workTree.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    Confinement confinement = Confinement.to(root);
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(confinement.root())) {
      for (Path f : s.toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith("rollout-") && name.endsWith(".jsonl")) {
          Optional<Path> real = confinement.regularFile(f);
          if (real.isPresent() && cwd(real.get()).filter(c -> c.startsWith(repo)).isPresent()) {
            out.add(real.get());
          }
        }
      }
    }
    confinement.refused().forEach(refused);
    return out.stream().distinct().sorted().toList();
  }

  /**
   * The working directory a rollout names in its first lines: {@code session_meta} or {@code
   * turn_context}'s {@code cwd}, or the legacy format's {@code <environment_context>}.
   */
  static Optional<Path> cwd(Path rollout) {
    try (InputStream in = Confinement.open(rollout, 0)) {
      BoundedLines lines = new BoundedLines(in, 0);
      for (int i = 0; i < HEAD_LINES && lines.next(); i++) {
        if (lines.oversized()) {
          continue;
        }
        try {
          JsonNode n = Mappers.JSON.readTree(lines.bytes(), 0, lines.length());
          if (n == null) {
            continue;
          }
          JsonNode p = n.path("payload").isObject() ? n.path("payload") : n;
          if (p.path("cwd").isTextual()) {
            return Optional.of(Path.of(p.path("cwd").textValue()).normalize());
          }
          for (JsonNode part : p.path("content")) {
            Matcher m = CWD.matcher(part.path("text").asText(""));
            if (m.find()) {
              return Optional.of(Path.of(m.group(1).strip()).normalize());
            }
          }
        } catch (IOException | RuntimeException notJson) {
          // keep looking
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // not a rollout we can use: the caller finds none for this file
    }
    return Optional.empty();
  }
}
