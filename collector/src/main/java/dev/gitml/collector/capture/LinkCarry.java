package dev.gitml.collector.capture;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.Link;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a chat's or a session's link on a commit that an amend, a rebase or a squash replaced: the
 * link is given again to the new commit ({@code supersedes}), whichever comes first. When the
 * rewrite is captured after the session was summed up, the links already stored are carried to the
 * new commits; when the session is summed up after the rewrite, its links are followed forward to
 * the commits that replaced theirs, however many rewrites ago. A carried link names its first
 * source and the rewrite ({@code file-overlap, then post-rewrite rebase}); being content-hashed,
 * one carried twice is stored once.
 */
public final class LinkCarry {
  private LinkCarry() {}

  /**
   * The links to the commits {@code supersedes} replaced, given to the commits that replace them.
   */
  public static List<Link> carried(Store store, List<Link> supersedes) throws IOException {
    Map<String, List<Link>> byOld = new HashMap<>();
    for (Link s : supersedes) {
      if (s.kind() == Link.Kind.SUPERSEDES) {
        byOld.computeIfAbsent(s.to(), k -> new ArrayList<>()).add(s);
      }
    }
    List<Link> out = new ArrayList<>();
    if (byOld.isEmpty()) {
      return out;
    }
    store.scan(
        Link.class,
        r -> {
          Link l = r.data();
          if (l.kind() != Link.Kind.SUPERSEDES) {
            for (Link s : byOld.getOrDefault(l.to(), List.of())) {
              out.add(moved(l, s));
            }
          }
        });
    return out;
  }

  /**
   * {@code links} and, for each whose commit was replaced since (once or many times), the same link
   * to each commit that replaced it.
   */
  public static List<Link> forward(Store store, List<Link> links) throws IOException {
    Set<String> replaced = links.isEmpty() ? Set.of() : store.replacedKeys();
    if (links.stream().noneMatch(l -> replaced.contains(l.to()))) {
      return links; // no linked commit was replaced: the links stream is not read (the index says)
    }
    Map<String, List<Link>> byOld = new HashMap<>();
    store.scan(
        Link.class,
        r -> {
          Link s = r.data();
          if (s.kind() == Link.Kind.SUPERSEDES) {
            byOld.computeIfAbsent(s.to(), k -> new ArrayList<>()).add(s);
          }
        });
    Set<Link> out = new LinkedHashSet<>(links);
    if (byOld.isEmpty()) {
      return List.copyOf(out);
    }
    for (Link l : links) {
      Deque<Link> todo = new ArrayDeque<>(List.of(l));
      Set<String> seen = new HashSet<>();
      while (!todo.isEmpty()) {
        Link at = todo.poll();
        if (!seen.add(at.to())) {
          continue; // a cycle of rewrites (a reset back, then the same rebase again)
        }
        for (Link s : byOld.getOrDefault(at.to(), List.of())) {
          Link next = moved(at, s);
          out.add(next);
          todo.add(next);
        }
      }
    }
    return List.copyOf(out);
  }

  private static Link moved(Link l, Link supersedes) {
    String first = l.source() == null ? "" : l.source().split(", then ")[0];
    return new Link(
        l.kind(),
        l.from(),
        supersedes.from(),
        supersedes.timestamp(),
        first + ", then " + supersedes.source());
  }
}
