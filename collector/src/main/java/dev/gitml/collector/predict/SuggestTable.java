package dev.gitml.collector.predict;

import dev.gitml.storage.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The table the commit-time suggestion hook ({@code hooks/gitml-suggest}) reads with shell builtins
 * alone: one line per file, {@code file<TAB>partner…}, at most three partners, each changed with
 * the file in at least two of the recent commits and in at least 40 % of the file's. Only plain
 * paths (no spaces or shell pattern characters), and only the most active files, so the hook stays
 * within a few milliseconds.
 */
final class SuggestTable {
  static final String FILE = "suggest.tsv";
  static final int RECENT_COMMITS = 2_000;
  static final int MOST_ACTIVE_FILES = 2_000;
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._/@+=,:-]+");

  private SuggestTable() {}

  static void write(List<HistoryCommit> commits, Path file) throws IOException {
    List<HistoryCommit> recent =
        commits.subList(Math.max(0, commits.size() - RECENT_COMMITS), commits.size());
    CoChange counts = CoChange.of(recent);
    List<String> active = new ArrayList<>(counts.files());
    active.removeIf(f -> !PLAIN.matcher(f).matches());
    active.sort(Comparator.comparing((String f) -> -counts.touches(f)).thenComparing(f -> f));
    Map<String, List<String>> rows = new TreeMap<>();
    for (String f : active.subList(0, Math.min(MOST_ACTIVE_FILES, active.size()))) {
      int n = counts.touches(f);
      List<Map.Entry<String, Integer>> partners = new ArrayList<>(counts.partners(f).entrySet());
      partners.removeIf(
          e -> e.getValue() < 2 || e.getValue() < 0.4 * n || !PLAIN.matcher(e.getKey()).matches());
      partners.sort(
          Map.Entry.<String, Integer>comparingByValue()
              .reversed()
              .thenComparing(Map.Entry.comparingByKey()));
      if (!partners.isEmpty()) {
        List<String> names = new ArrayList<>();
        partners.stream().limit(3).forEach(e -> names.add(e.getKey()));
        rows.put(f, names);
      }
    }
    StringBuilder sb = new StringBuilder();
    rows.forEach((f, ps) -> sb.append(f).append('\t').append(String.join("\t", ps)).append('\n'));
    AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
  }
}
