package dev.gitml.collector.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.repo.GitCommand;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Installs gitml's git hooks (post-commit, post-rewrite, post-merge) where git looks for them:
 * {@code git rev-parse --git-path hooks}, which honours {@code core.hooksPath} (husky) and
 * worktrees. Each hook is the launcher itself (no extra process on the hook path). A hook that was
 * already there (the user's, lefthook's, pre-commit's, husky's) is kept: it moves to {@code
 * <name>.pre-gitml} and gitml's hook runs it first, with the same arguments and stdin. What was
 * done is written to {@code gitml-hooks.json} in the git directory, so {@link #uninstall} restores
 * exactly what was there, byte for byte. A hooks directory git would track (husky's {@code
 * .husky/}) is left untouched: the hooks go to the git directory instead ({@link TrackedHooksDir}).
 */
public final class HookInstaller {
  public static final List<String> HOOKS = List.of("post-commit", "post-rewrite", "post-merge");

  /** The optional commit-time suggestion ({@code trainer.suggest_files} in config.json). */
  public static final String SUGGEST = "prepare-commit-msg";

  private static final List<String> ALL =
      List.of("post-commit", "post-rewrite", "post-merge", SUGGEST);

  /** The first line gitml writes after the shebang: how its own hooks are recognised. */
  static final String MARK = "# gitml-hook: installed by gitml init; `gitml uninstall` removes it";

  static final String CHAINED_SUFFIX = ".pre-gitml";

  /** Set by the installed {@code gitml} command to its own path (install.sh writes it). */
  public static final String LAUNCHER_PROPERTY = "gitml.launcher";

  private static final String MANIFEST = "gitml-hooks.json";
  private static final ObjectMapper JSON = Mappers.JSON;

  private final Workspace ws;

  public HookInstaller(Workspace ws) {
    this.ws = ws;
  }

  /** The launcher as shipped ({@code hooks/gitml-hook}). */
  public static String launcher() throws IOException {
    try (InputStream in = HookInstaller.class.getResourceAsStream("gitml-hook")) {
      if (in == null) {
        throw new IllegalStateException("gitml-hook missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The directory git runs hooks from, as {@code git rev-parse --git-path hooks} says. */
  public Path hooksDir() throws IOException {
    try {
      GitCommand.Output out = GitCommand.run(ws.workTree(), "rev-parse", "--git-path", "hooks");
      if (out.ok() && !out.text().isBlank()) {
        return ws.workTree().resolve(out.text().strip()).normalize();
      }
    } catch (IOException noGit) {
      // git is not on the PATH: the default place
    }
    return ws.gitDir().resolve("hooks");
  }

  /** What {@link #install} found and did for each hook. */
  public record Report(Path hooksDir, Map<String, HookOutcome> actions) {}

  /** Installs the hooks and the launcher's tracked copy; safe to run again. */
  public Report install() throws IOException {
    Path dir = hooksDir();
    ObjectNode manifest = manifest();
    Path own = TrackedHooksDir.ownDir(ws);
    String team = teamDir(dir, own);
    if (team != null) {
      dir = own;
    }
    Files.createDirectories(dir);
    manifest.put("hooks_dir", dir.toString());
    ObjectNode hooks = manifest.withObjectProperty("hooks");
    Map<String, HookOutcome> actions = new LinkedHashMap<>();
    for (String name : hooks()) {
      Path hook = dir.resolve(name);
      Path chained = dir.resolve(name + CHAINED_SUFFIX);
      HookOutcome action;
      if (team != null) {
        // the team's hook, wherever each clone is: relative to the work tree, where hooks run
        chained = Path.of(team, name);
        action =
            Files.isExecutable(ws.workTree().resolve(chained))
                ? HookOutcome.CHAINED
                : HookOutcome.CREATED;
        write(hook, hookScript(name, chained));
        hooks.putObject(name).put("action", action.wireName());
        actions.put(name, action);
        continue;
      }
      if (Files.exists(hook) && !ours(hook)) {
        Files.move(hook, chained);
        action = HookOutcome.CHAINED;
      } else if (Files.exists(chained)) {
        action = HookOutcome.CHAINED; // installed before: the user's hook is already aside
      } else {
        // nothing aside (any more): a chain to a hook the user deleted is rewritten without it
        action = HookOutcome.CREATED;
      }
      write(hook, hookScript(name, action == HookOutcome.CHAINED ? chained : null));
      hooks.putObject(name).put("action", action.wireName());
      actions.put(name, action);
    }
    if (team != null) {
      writeShims(dir, team);
    }
    AtomicFiles.write(ws.gitDir().resolve(MANIFEST), Mappers.pretty().writeValueAsBytes(manifest));
    writeLauncher(ws.dataDir().root().resolve("bin").resolve("gitml-hook"));
    return new Report(dir, actions);
  }

  /**
   * The tracked hooks directory gitml leaves alone, relative to the work tree, or null when the
   * hooks go where git names. Finding one points {@code core.hooksPath} at gitml's own directory
   * {@code own}; every worktree shares that directory and what it notes about the team's.
   */
  private String teamDir(Path dir, Path own) throws IOException {
    if (dir.equals(own)) {
      return TrackedHooksDir.team(own);
    }
    if (!TrackedHooksDir.visibleToGit(ws, dir)) {
      return null;
    }
    String team = ws.workTree().toAbsolutePath().normalize().relativize(dir).toString();
    TrackedHooksDir.redirect(ws, own, team);
    return team;
  }

  /** In gitml's own directory, a forward to the team's hook for each hook gitml has none of. */
  private void writeShims(Path dir, String team) throws IOException {
    List<String> ours = hooks();
    for (String name : TrackedHooksDir.GIT_HOOKS) {
      if (ours.contains(name)) {
        continue;
      }
      Path shim = dir.resolve(name);
      if (TrackedHooksDir.FREQUENT.contains(name)
          && !Files.exists(ws.workTree().resolve(team).resolve(name))) {
        Files.deleteIfExists(shim);
      } else {
        write(shim, TrackedHooksDir.shim(name, team));
      }
    }
  }

  /**
   * Writes a copy of the launcher (executable): the tracked one in {@code .git-ml/bin/} that a
   * fresh clone and the assistant's project hooks run, or one in gitml's home for user-wide
   * assistant hooks.
   */
  public static Path writeLauncher(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    write(file, launcher());
    return file;
  }

  /** Removes gitml's hooks and puts back what was there; returns what was restored. */
  public Map<String, HookOutcome> uninstall() throws IOException {
    ObjectNode manifest = manifest();
    Path dir = manifest.has("hooks_dir") ? Path.of(manifest.get("hooks_dir").asText()) : hooksDir();
    Map<String, HookOutcome> done = new LinkedHashMap<>();
    for (String name : ALL) {
      Path hook = dir.resolve(name);
      Path chained = dir.resolve(name + CHAINED_SUFFIX);
      if (Files.exists(hook) && ours(hook)) {
        Files.delete(hook);
        done.put(name, HookOutcome.REMOVED);
      }
      if (Files.exists(chained)) {
        Files.move(chained, hook);
        done.put(name, HookOutcome.RESTORED);
      }
    }
    if (TrackedHooksDir.team(dir) != null) {
      TrackedHooksDir.restore(ws, dir);
    }
    Files.deleteIfExists(ws.gitDir().resolve(MANIFEST));
    return done;
  }

  /** Each hook's state: installed, missing, or replaced by something else. */
  public Map<String, HookOutcome> status() throws IOException {
    Path dir = hooksDir();
    Map<String, HookOutcome> out = new LinkedHashMap<>();
    for (String name : hooks()) {
      Path hook = dir.resolve(name);
      out.put(
          name,
          !Files.exists(hook)
              ? HookOutcome.MISSING
              : ours(hook) ? HookOutcome.INSTALLED : HookOutcome.FOREIGN);
    }
    return out;
  }

  /** The hooks this repository gets: the capture ones, and the suggestion if asked for. */
  private List<String> hooks() {
    try {
      if (dev.gitml.storage.config.Config.load(ws.dataDir().config())
          .trainer()
          .path("suggest_files")
          .asBoolean(false)) {
        return ALL;
      }
    } catch (IOException | RuntimeException unreadable) {
      // no config, or one we cannot read: the capture hooks only
    }
    return HOOKS;
  }

  /** The suggestion hook as shipped ({@code hooks/gitml-suggest}). */
  static String suggestScript() throws IOException {
    try (InputStream in = HookInstaller.class.getResourceAsStream("gitml-suggest")) {
      if (in == null) {
        throw new IllegalStateException("gitml-suggest missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** The hook file for {@code name}: the launcher with its event fixed and the chain in. */
  static String hookScript(String name, Path chained) throws IOException {
    String script = name.equals(SUGGEST) ? suggestScript() : launcher();
    int firstNewline = script.indexOf('\n');
    script =
        script.substring(0, firstNewline + 1) + MARK + "\n" + script.substring(firstNewline + 1);
    String fixed = "GITML_EVENT=" + name;
    String launcher = System.getProperty(LAUNCHER_PROPERTY, "");
    if (!launcher.isEmpty()) {
      // git GUIs and IDEs run hooks with a bare PATH: the hook must find gitml without it
      fixed += "\n[ -n \"${GITML_BIN:-}\" ] || GITML_BIN=" + shellQuote(launcher);
    }
    script = script.replace("GITML_EVENT=${GITML_EVENT:-${1:-unknown}}", fixed);
    String chain = "";
    if (chained != null) {
      // a chained hook deleted or made non-executable later is skipped quietly, as git skips
      // a hook that is not executable; `[ -x ]` is a builtin, so no fork when it is gone
      String quoted = shellQuote(chained.toString());
      chain =
          "[ -x "
              + quoted
              + " ] && "
              + (name.equals("post-rewrite")
                  ? "printf '%s' \"$body\" | " + quoted + " \"$@\""
                  : quoted + " \"$@\"");
    }
    return script.replace("# @chain@", chain.isEmpty() ? "# @chain@" : chain + " # @chain@");
  }

  static boolean ours(Path hook) throws IOException {
    try {
      return Files.readString(hook, StandardCharsets.ISO_8859_1).contains(MARK);
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private ObjectNode manifest() throws IOException {
    try {
      JsonNode n = JSON.readTree(Files.readAllBytes(ws.gitDir().resolve(MANIFEST)));
      return n instanceof ObjectNode o ? o : JSON.createObjectNode();
    } catch (NoSuchFileException e) {
      return JSON.createObjectNode();
    }
  }

  private static void write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      file.toFile().setExecutable(true);
    }
  }
}
