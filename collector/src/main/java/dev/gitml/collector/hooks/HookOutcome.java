package dev.gitml.collector.hooks;

import java.util.Locale;

/**
 * What installing, uninstalling or looking at one of gitml's git hooks found or did. The lower-case
 * name is what the manifest, {@code gitml status --json} and the console show.
 */
public enum HookOutcome {
  /** Installed where there was no hook. */
  CREATED,
  /** Installed where the user had a hook: that one is kept aside and runs first. */
  CHAINED,
  /** gitml's hook is in place. */
  INSTALLED,
  /** No hook at all where gitml's should be (a fresh clone). */
  MISSING,
  /** Someone else's hook where gitml's should be. */
  FOREIGN,
  /** gitml's hook was removed, nothing was there before it. */
  REMOVED,
  /** gitml's hook was removed and the user's put back. */
  RESTORED;

  /** The name shown and stored: {@code chained}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The outcome a manifest names; {@code fallback} for one it does not know. */
  static HookOutcome fromWireName(String name, HookOutcome fallback) {
    for (HookOutcome o : values()) {
      if (o.wireName().equals(name)) {
        return o;
      }
    }
    return fallback;
  }

  @Override
  public String toString() {
    return wireName();
  }
}
