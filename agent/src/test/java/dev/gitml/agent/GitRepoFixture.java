package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real git repository in a temporary directory (its path has spaces and quotes), a private {@code
 * GITML_HOME}, and the commands the capture tests run in it: git as a process, gitml in process.
 * The hooks may not start a real daemon ({@code GITML_BIN=/bin/false}).
 */
final class GitRepoFixture {
  static final ObjectMapper JSON = new ObjectMapper();

  final Path repo;
  final Path home;
  final Map<String, String> env;

  GitRepoFixture(Path tmp) throws Exception {
    repo = tmp.resolve("my repo 'quoted'");
    home = tmp.resolve("gitml home");
    Files.createDirectories(repo);
    env = new HashMap<>(System.getenv());
    env.put("GITML_HOME", home.toString());
    env.put("GITML_BIN", "/bin/false");
    env.remove("GITML_DISABLED");
    env.remove("GITML_SYNC");
    env.remove("GITML_IN_HOOK");
    git("init", "-q", "-b", "main");
    git("config", "user.name", "Ana");
    git("config", "user.email", "ana@example.org");
  }

  String git(String... args) throws Exception {
    return gitIn(repo, Map.of(), args);
  }

  String git(Map<String, String> extra, String... args) throws Exception {
    return gitIn(repo, extra, args);
  }

  /** Runs git in {@code dir} (another worktree) and fails the test if git fails. */
  String gitIn(Path dir, Map<String, String> extra, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().putAll(extra);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "git " + String.join(" ", args) + ": " + out);
    return out;
  }

  CliRun gitml(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "-C";
    all[1] = repo.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return CliRun.with(env, "", all);
  }

  void commit(String file, String content, String message) throws Exception {
    Path f = repo.resolve(file);
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
    git("add", "-A");
    git("commit", "-q", "-m", message);
  }

  String head() throws Exception {
    return git("rev-parse", "HEAD").strip();
  }

  List<Path> inbox() throws IOException {
    Path dir = home.resolve("inbox");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  JsonNode stats() throws Exception {
    return JSON.readTree(gitml("stats", "--json").out());
  }

  JsonNode status() throws Exception {
    return JSON.readTree(gitml("status", "--json").out());
  }

  int commitsStored() throws Exception {
    return stats().get("commits_full").asInt();
  }
}
