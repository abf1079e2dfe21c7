package dev.gitml.collector.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names of repositories in an export of many: each its work tree's folder name, made safe as a
 * file name and as a hive partition value ({@code repo=<name>}: letters, digits, {@code .}, {@code
 * _} and {@code -}, every other character {@code _}, no leading dot), and unique (a second {@code
 * app} is {@code app-2}; compared ignoring case, for file systems that do).
 */
final class RepoNames {
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
  private static final int MAX = 100;

  private RepoNames() {}

  /** The names of {@code workTrees}, in the same order. */
  static List<String> of(List<Path> workTrees) {
    Set<String> taken = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (Path p : workTrees) {
      String base = safe(Exporter.repoName(p));
      String name = base;
      for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
        name = base + "-" + n;
      }
      out.add(name);
    }
    return out;
  }

  /** A folder name as a safe partition value. */
  static String safe(String folder) {
    String s = UNSAFE.matcher(folder).replaceAll("_");
    while (s.startsWith(".")) {
      s = s.substring(1);
    }
    if (s.length() > MAX) {
      s = s.substring(0, MAX);
    }
    return s.isEmpty() ? "repo" : s;
  }
}
