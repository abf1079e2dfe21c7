package dev.gitml.collector.predict;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Files followed across moves. Lite commit records carry no rename information, so a move is
 * guessed from names: a new path whose file name only one existing file had, in another directory,
 * takes over that file's history; a file touched again under its old name was a copy (or moved
 * back), and the old name has its history again.
 */
final class Moves {
  /** How many moves are followed at most, against a cycle the guesses could make. */
  private static final int MAX_HOPS = 16;

  /** How many old names a file keeps at most. */
  private static final int MAX_OLD_NAMES = 32;

  private final Set<String> known = new HashSet<>();

  /** Paths by file name, without those moved away. */
  private final Map<String, Set<String>> byName = new HashMap<>();

  private final Map<String, String> movedTo = new HashMap<>();
  private final Map<String, List<String>> movedFrom = new HashMap<>();

  /** Notes the paths of one more commit; one that takes the name of a single other is its move. */
  void track(List<String> paths) {
    for (String f : paths) {
      String to = movedTo.remove(f);
      if (to != null) {
        // back under its old name: moved back, or it was a copy all along
        movedFrom.getOrDefault(to, new ArrayList<>()).remove(f);
        Set<String> same = byName.get(f.substring(f.lastIndexOf('/') + 1));
        same.add(f);
        if (!paths.contains(to) && !movedTo.containsKey(to)) {
          movedTo.put(to, f);
          movedFrom.computeIfAbsent(f, k -> new ArrayList<>()).add(to);
          same.remove(to);
        }
      }
      if (!known.add(f)) {
        continue;
      }
      String name = f.substring(f.lastIndexOf('/') + 1);
      Set<String> same = byName.computeIfAbsent(name, k -> new HashSet<>());
      if (same.size() == 1) {
        String old = same.iterator().next();
        if (!paths.contains(old) && !Names.dir(old).equals(Names.dir(f))) {
          movedTo.put(old, f);
          movedFrom.computeIfAbsent(f, k -> new ArrayList<>()).add(old);
          same.remove(old);
        }
      }
      same.add(f);
    }
  }

  /** Whether {@code f} is an old name of a file now elsewhere. */
  boolean isMoved(String f) {
    return movedTo.containsKey(f);
  }

  /** Where a file is now, following its moves. */
  String current(String f) {
    String at = f;
    for (int hops = 0; hops < MAX_HOPS; hops++) {
      String next = movedTo.get(at);
      if (next == null) {
        return at;
      }
      at = next;
    }
    return at;
  }

  /** Scores by old names summed under the current ones. */
  Map<String, Double> current(Map<String, Double> scores) {
    if (movedTo.isEmpty()) {
      return scores;
    }
    Map<String, Double> out = new HashMap<>();
    scores.forEach((f, v) -> out.merge(current(f), v, Double::sum));
    return out;
  }

  /** A file and the paths it had before it moved. */
  List<String> withOldNames(String f) {
    List<String> out = new ArrayList<>();
    ArrayDeque<String> todo = new ArrayDeque<>(List.of(f));
    while (!todo.isEmpty() && out.size() < MAX_OLD_NAMES) {
      String p = todo.poll();
      out.add(p);
      todo.addAll(movedFrom.getOrDefault(p, List.of()));
    }
    return out;
  }
}
