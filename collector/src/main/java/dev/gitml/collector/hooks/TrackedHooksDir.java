package dev.gitml.collector.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.repo.GitCommand;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A hooks directory git would track: {@code core.hooksPath} naming a folder of the work tree that
 * is not ignored, as husky's {@code .husky/} (v4 to v8) is. Whatever gitml wrote there would show
 * in {@code git status}, and once committed would reach every teammate, who may have no gitml. So
 * gitml leaves that folder alone: its hooks go to {@code gitml-hooks/} in the git directory, which
 * is untracked, and {@code core.hooksPath} (in the repository's own config) points there. gitml's
 * hooks run the team's hook of the same name first; every other hook git runs is a one-line forward
 * to the team's ({@link #shim}), so the team's hooks all keep running. {@code gitml uninstall} puts
 * {@code core.hooksPath} back as it was. What gitml needs for that is in the directory itself,
 * shared by every worktree, as {@code gitml-team.json} (not a hook name, so git never runs it):
 *
 * <pre>
 * {"team_hooks_dir": ".husky", "core_hooks_path": ".husky" | null}
 * </pre>
 *
 * {@code team_hooks_dir} is relative to the work tree; {@code core_hooks_path} is the repository's
 * own setting before gitml's (null: it had none).
 */
final class TrackedHooksDir {
  static final String DIR = "gitml-hooks";
  static final String NOTE = "gitml-team.json";
  private static final ObjectMapper JSON = Mappers.JSON;

  /** The hooks git runs from the hooks directory (githooks(5), git 2.39). */
  static final List<String> GIT_HOOKS =
      List.of(
          "applypatch-msg",
          "pre-applypatch",
          "post-applypatch",
          "pre-commit",
          "pre-merge-commit",
          "prepare-commit-msg",
          "commit-msg",
          "post-commit",
          "pre-rebase",
          "post-checkout",
          "post-merge",
          "pre-push",
          "pre-receive",
          "update",
          "proc-receive",
          "post-receive",
          "post-update",
          "reference-transaction",
          "push-to-checkout",
          "pre-auto-gc",
          "post-rewrite",
          "sendemail-validate",
          "fsmonitor-watchman",
          "p4-changelist",
          "p4-prepare-changelist",
          "p4-post-changelist",
          "p4-pre-submit",
          "post-index-change");

  /**
   * Run on every ref update and every index write: a forward to them would cost a process each
   * time, so there is one only when the team has that hook (when {@code gitml init} runs).
   */
  static final Set<String> FREQUENT = Set.of("reference-transaction", "post-index-change");

  private TrackedHooksDir() {}

  /** gitml's own hooks directory: {@code gitml-hooks/} in the (common) git directory. */
  static Path ownDir(Workspace ws) throws IOException {
    GitCommand.Output out = GitCommand.run(ws.workTree(), "rev-parse", "--git-common-dir");
    Path common =
        out.ok() && !out.text().isBlank() ? ws.workTree().resolve(out.text().strip()) : ws.gitDir();
    return common.resolve(DIR).normalize();
  }

  /**
   * Whether git would track what is written into {@code dir}: it is in the work tree (not in the
   * git directory), and holds tracked files or is not ignored ({@code git ls-files}, {@code git
   * check-ignore}).
   */
  static boolean visibleToGit(Workspace ws, Path dir) throws IOException {
    Path work = ws.workTree().toAbsolutePath().normalize();
    Path d = dir.toAbsolutePath().normalize();
    if (!d.startsWith(work)
        || d.startsWith(ws.gitDir().toAbsolutePath().normalize())
        || d.startsWith(ownDir(ws).getParent())) {
      return false;
    }
    String rel = work.relativize(d).toString();
    GitCommand.Output tracked =
        GitCommand.run(ws.workTree(), "ls-files", "--", rel.isEmpty() ? "." : rel);
    if (tracked.ok() && !tracked.text().isBlank()) {
      return true;
    }
    // exit 0: ignored, 1: not ignored (so it would show as untracked), 128: git failed
    return GitCommand.run(
                ws.workTree(),
                "check-ignore",
                "-q",
                "--",
                (rel.isEmpty() ? "" : rel + "/") + "post-commit")
            .exit()
        == 1;
  }

  /** The team's hooks directory gitml's hooks in {@code dir} run, or null: not gitml's own. */
  static String team(Path dir) throws IOException {
    JsonNode team = note(dir).path("team_hooks_dir");
    return team.isTextual() ? team.asText() : null;
  }

  /** Points {@code core.hooksPath} at {@code own}, noting what it was and the team's folder. */
  static void redirect(Workspace ws, Path own, String team) throws IOException {
    ObjectNode note =
        JSON.createObjectNode().put("team_hooks_dir", team).put("core_hooks_path", configured(ws));
    Files.createDirectories(own);
    AtomicFiles.write(own.resolve(NOTE), Mappers.pretty().writeValueAsBytes(note));
    configure(ws, own.toString());
  }

  /**
   * Deletes gitml's own directory {@code dir} (gitml's files only) and points {@code
   * core.hooksPath} back where it was, unless the user has pointed it elsewhere since.
   */
  static void restore(Workspace ws, Path dir) throws IOException {
    JsonNode was = note(dir).path("core_hooks_path");
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        if (HookInstaller.ours(f)) {
          Files.delete(f);
        }
      }
    }
    Files.delete(dir.resolve(NOTE));
    try (var left = Files.list(dir)) {
      if (left.findAny().isEmpty()) {
        Files.delete(dir);
      }
    }
    if (dir.toString().equals(configured(ws))) {
      configure(ws, was.isTextual() ? was.asText() : null);
    }
  }

  private static JsonNode note(Path dir) throws IOException {
    try {
      return JSON.readTree(Files.readAllBytes(dir.resolve(NOTE)));
    } catch (NoSuchFileException e) {
      return JSON.missingNode();
    }
  }

  /** {@code core.hooksPath} in the repository's own config; null when it sets none. */
  static String configured(Workspace ws) throws IOException {
    GitCommand.Output out =
        GitCommand.run(ws.workTree(), "config", "--local", "--get", "core.hooksPath");
    return out.ok() ? out.text().strip() : null;
  }

  /** Sets {@code core.hooksPath} in the repository's own config; null unsets it. */
  static void configure(Workspace ws, String value) throws IOException {
    GitCommand.Output out =
        value == null
            ? GitCommand.run(ws.workTree(), "config", "--local", "--unset", "core.hooksPath")
            : GitCommand.run(ws.workTree(), "config", "--local", "core.hooksPath", value);
    // 5: --unset found nothing to unset
    if (!out.ok() && !(value == null && out.exit() == 5)) {
      throw new IOException("git config core.hooksPath: " + out.text().strip());
    }
  }

  /**
   * A hook that runs the team's hook of the same name, {@code team} relative to the work tree's
   * root (where git runs hooks, githooks(5)), so the path is the same in every clone; it does
   * nothing when the team has no such hook.
   */
  static String shim(String name, String team) {
    String hook = HookInstaller.shellQuote(team + "/" + name);
    return "#!/bin/sh\n"
        + HookInstaller.MARK
        + "\n"
        + "# core.hooksPath named the tracked "
        + team
        + "/: gitml's hooks live in the git"
        + " directory, and this one runs the team's\n"
        + "[ -x "
        + hook
        + " ] || exit 0\n"
        + "exec "
        + hook
        + " \"$@\"\n";
  }
}
