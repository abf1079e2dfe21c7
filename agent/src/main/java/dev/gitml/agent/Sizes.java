package dev.gitml.agent;

import java.util.Locale;

/** Human-readable byte counts (binary units, as du -h). */
public final class Sizes {
  private Sizes() {}

  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
  }

  public static String ratio(long raw, long stored) {
    return stored == 0 ? "-" : String.format(Locale.ROOT, "%.1fx", (double) raw / stored);
  }
}
