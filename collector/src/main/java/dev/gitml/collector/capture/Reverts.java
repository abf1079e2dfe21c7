package dev.gitml.collector.capture;

import dev.gitml.storage.Store;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Link;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reverts said in a commit's message: {@code git revert} writes "This reverts commit &lt;full
 * hash&gt;." into the body (git-revert(1)); a reverted revert says it twice. Each becomes a {@link
 * Link.Kind#REVERTS} link from the commit to the hash as written (an abbreviated hash a person
 * typed stays abbreviated).
 */
public final class Reverts {
  /** How a revert read from a message is recorded. */
  public static final String MESSAGE = "message";

  /** How {@code gitml revert} records one. */
  public static final String CLI = "cli";

  /** {@code from} of a revert given without the commit that reverted. */
  public static final String UNKNOWN = "unknown";

  private static final Pattern SAYS =
      Pattern.compile("(?i)This reverts commit ([0-9a-f]{7,40})\\b");

  private Reverts() {}

  /**
   * The (possibly abbreviated, lowercased) hashes of the commits {@code message} says it reverts
   * ({@code This reverts commit X}, any case), {@code own} (the commit's own hash) left out.
   */
  public static Set<String> said(String message, String own) {
    Set<String> reverted = new LinkedHashSet<>();
    if (message == null) {
      return reverted;
    }
    Matcher m = SAYS.matcher(message);
    while (m.find()) {
      reverted.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
    }
    reverted.remove(own);
    return reverted;
  }

  /** The commits {@code c}'s message says it reverts, as links. */
  public static List<Link> of(CommitFull c) {
    Set<String> reverted = said(c.message(), c.hash());
    List<Link> out = new ArrayList<>(reverted.size());
    for (String hash : reverted) {
      out.add(new Link(Link.Kind.REVERTS, c.hash(), hash, c.timestamp(), MESSAGE));
    }
    return out;
  }

  /**
   * The reverted commits among {@code hashes}, each with the commit that reverted it ({@link
   * #UNKNOWN} when not said): from the {@code reverts} links, an abbreviated hash matching the
   * commit it is a prefix of.
   */
  public static Map<String, String> reverted(Store store, Set<String> hashes) throws IOException {
    Map<String, String> byTarget = new HashMap<>();
    store.scan(
        Link.class,
        r -> {
          if (r.data().kind() == Link.Kind.REVERTS) {
            byTarget.merge(r.data().to(), r.data().from(), (a, b) -> a.equals(UNKNOWN) ? b : a);
          }
        });
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, String> e : byTarget.entrySet()) {
      String target = e.getKey();
      if (hashes.contains(target)) {
        out.merge(target, e.getValue(), (a, b) -> a.equals(UNKNOWN) ? b : a);
      } else if (target.length() < 40) {
        for (String h : hashes) {
          if (h.startsWith(target)) {
            out.merge(h, e.getValue(), (a, b) -> a.equals(UNKNOWN) ? b : a);
          }
        }
      }
    }
    return out;
  }
}
